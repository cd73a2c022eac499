import { BaseModel } from '../../db/models/base-model.js';

/** `coverage`: who covers for an absent practitioner, and when (escalations follow it). */
export class Coverage extends BaseModel {
  static override tableName = 'coverage';

  declare id: string;
  declare tenantId: string;
  declare practitionerId: string;
  declare coveringPractitionerId: string;
  declare startsAt: string;
  declare endsAt: string;
  declare reason: string | null;
  declare createdAt: string;
  declare updatedAt: string;
}
