import { BaseModel } from '../../db/models/base-model.js';

/** `pharmacies`: the tenant's pharmacy directory, with how prescriptions reach each one. */
export class Pharmacy extends BaseModel {
  static override tableName = 'pharmacies';

  declare id: string;
  declare tenantId: string;
  declare name: string;
  declare ncpdpId: string | null;
  declare npi: string | null;
  declare phone: string | null;
  declare addressLine: string | null;
  declare city: string | null;
  declare state: string | null;
  declare postalCode: string | null;
  declare transport: 'fhir' | 'dev';
  declare fhirEndpointUrl: string | null;
  /** SMART Backend Services: the pharmacy's token endpoint and our client ID there (both or neither). */
  declare fhirTokenUrl: string | null;
  declare fhirClientId: string | null;
  declare fhirScope: string | null;
  /** The API key of the pharmacy's service account (refill requests), if it has one. */
  declare apiKeyId: string | null;
  declare active: boolean;
  declare createdAt: string;
  declare updatedAt: string;
}

/** `patient_pharmacies`: each patient's preferred pharmacy (one row per patient). */
export class PatientPharmacy extends BaseModel {
  static override tableName = 'patient_pharmacies';
  static override idColumn = 'patient_id';

  declare patientId: string;
  declare tenantId: string;
  declare pharmacyId: string;
  declare updatedAt: string;
}
