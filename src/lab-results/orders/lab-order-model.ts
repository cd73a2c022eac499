import { BaseModel } from '../../db/models/base-model.js';

/** `lab_orders`: what a physician ordered, and what incoming results are matched against. */
export class LabOrder extends BaseModel {
  static override tableName = 'lab_orders';

  declare id: string;
  declare tenantId: string;
  declare patientId: string;
  declare orderingPractitionerId: string;
  /** The lab integration that performs the order (`performingLabId` in the API). */
  declare performingIntegrationId: string | null;
  declare placerOrderNumber: string;
  /** The lab's accession, learnt from the first result matched to the order. */
  declare fillerOrderNumber: string | null;
  /** A text[] column (not JSON). */
  declare testCodes: string[];
  declare priority: 'routine' | 'urgent' | 'stat';
  declare status: 'ordered' | 'resulted' | 'cancelled';
  declare createdBy: string | null;
  declare createdAt: string;
  declare updatedAt: string;
}
