import { BaseModel } from '../../db/models/base-model.js';

/**
 * `lab_integrations`: the allow-list of sending labs (facility, optionally application and
 * receiving facility), the service account that submits for them over HTTP, and how to read what
 * they send (which PID-3 authorities are this tenant's MRNs, the offset of local timestamps).
 */
export class LabIntegration extends BaseModel {
  static override tableName = 'lab_integrations';

  declare id: string;
  declare tenantId: string;
  declare name: string;
  declare sendingFacility: string;
  declare sendingApplication: string | null;
  declare receivingFacility: string | null;
  declare apiKeyId: string | null;
  /** A text[] column (not JSON). */
  declare patientIdAuthorities: string[];
  declare defaultTimezoneOffset: string | null;
  declare active: boolean;
  declare createdAt: string;
  declare updatedAt: string;
}
