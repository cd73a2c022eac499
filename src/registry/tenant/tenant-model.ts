import { BaseModel } from '../../db/models/base-model.js';

/**
 * `tenants`: a clinic's name, time zone, locale and settings grouped by feature (jsonb). Any
 * session may read tenants; only the tenant's own scoped session may update its row.
 */
export class Tenant extends BaseModel {
  static override tableName = 'tenants';
  static override jsonAttributes = ['settings'];

  declare id: string;
  declare slug: string;
  declare name: string;
  declare timezone: string;
  declare locale: string;
  declare settings: Record<string, unknown>;
  declare createdAt: string;
  declare updatedAt: string;
}
