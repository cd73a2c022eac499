import { BaseModel } from '../../db/models/base-model.js';

/** `patient_medications`: what a patient takes, reported or prescribed here (one row per prescription). */
export class PatientMedication extends BaseModel {
  static override tableName = 'patient_medications';
  static override dateColumns = ['startedOn', 'stoppedOn'];

  declare id: string;
  declare tenantId: string;
  declare patientId: string;
  declare rxcui: string;
  declare display: string | null;
  declare status: 'active' | 'stopped' | 'entered-in-error';
  declare source: 'reported' | 'prescription';
  declare prescriptionId: string | null;
  declare startedOn: string | null;
  declare stoppedOn: string | null;
  declare createdAt: string;
  declare updatedAt: string;
}
