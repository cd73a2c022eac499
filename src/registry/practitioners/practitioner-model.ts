import { BaseModel } from '../../db/models/base-model.js';

export type PractitionerKind = 'physician' | 'resident' | 'nurse-practitioner' | 'physician-assistant' | 'nurse' | 'pharmacist';

/** `practitioners`: clinicians with their identifiers (NPI, DEA) and prescriptive authority. */
export class Practitioner extends BaseModel {
  static override tableName = 'practitioners';

  declare id: string;
  declare tenantId: string;
  declare givenName: string;
  declare familyName: string;
  declare title: string | null;
  declare kind: PractitionerKind;
  declare specialty: string | null;
  declare npi: string | null;
  declare deaNumber: string | null;
  declare canPrescribe: boolean;
  declare supervisingPractitionerId: string | null;
  declare timezone: string | null;
  declare active: boolean;
  declare createdAt: string;
  declare updatedAt: string;
}
