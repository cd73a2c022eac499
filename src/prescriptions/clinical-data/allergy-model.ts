import { BaseModel } from '../../db/models/base-model.js';

/** `patient_allergies`: what a patient reacts to, as screening compares a drug against it. */
export class PatientAllergy extends BaseModel {
  static override tableName = 'patient_allergies';

  declare id: string;
  declare tenantId: string;
  declare patientId: string;
  declare substance: string;
  declare reaction: string | null;
  declare severity: 'mild' | 'moderate' | 'severe' | null;
  declare status: 'active' | 'inactive' | 'entered-in-error';
  declare recordedBy: string | null;
  declare createdAt: string;
  declare updatedAt: string;
}
