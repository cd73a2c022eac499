import { BaseModel } from '../../db/models/base-model.js';

/**
 * `prescription_settings`: a tenant's overrides of the deployment's prescription defaults (one row
 * per tenant; a missing row or a null column means "the default").
 */
export class PrescriptionSetting extends BaseModel {
  static override tableName = 'prescription_settings';
  static override idColumn = 'tenant_id';

  declare tenantId: string;
  declare protocolEnabled: boolean;
  /** A PostgreSQL text[]: written as a JS array as is, not as JSON. */
  declare protocolRxcuis: string[];
  declare protocolDepartmentId: string | null;
  declare remindAfterSeconds: number | null;
  declare escalateAfterSeconds: number | null;
  declare newRequestExpirySeconds: number | null;
  declare refillExpirySeconds: number | null;
  declare updatedAt: string;
}
