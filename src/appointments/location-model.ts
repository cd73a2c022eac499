import { BaseModel } from '../db/models/base-model.js';

/** `locations`: where a clinic sees patients; an inactive location takes no new bookings. */
export class Location extends BaseModel {
  static override tableName = 'locations';

  declare id: string;
  declare tenantId: string;
  declare name: string;
  declare active: boolean;
  declare createdAt: string;
}
