import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { LabOrder } from './lab-order-model.js';

/** A lab order as a plain object. */
export interface LabOrderRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  patientId: string;
  orderingPractitionerId: string;
  performingLabId: string | null;
  placerOrderNumber: string;
  fillerOrderNumber: string | null;
  testCodes: string[];
  priority: 'routine' | 'urgent' | 'stat';
  status: 'ordered' | 'resulted' | 'cancelled';
  createdAt: string;
}

/** The row as the model reads it: the performing lab under its column's name, with the audit columns. */
type StoredOrder = LabOrderRecord & { performingIntegrationId: string | null; createdBy: string | null; updatedAt: string };

/** The record callers and the API see: the performing lab under its API name, no audit columns. */
function toOrderRecord(order: LabOrder): LabOrderRecord {
  const { performingIntegrationId, createdBy: _createdBy, updatedAt: _updatedAt, ...fields } = order.toRecord<StoredOrder>();
  return { ...fields, performingLabId: performingIntegrationId };
}

export interface NewLabOrder {
  patientId: string;
  orderingPractitionerId: string;
  performingLabId: string;
  placerOrderNumber: string;
  testCodes: string[];
  priority: LabOrderRecord['priority'];
  createdBy: string;
}

export async function insertLabOrder(trx: Knex.Transaction, tenantId: string, order: NewLabOrder): Promise<LabOrderRecord> {
  const { performingLabId, ...fields } = order;
  const inserted = await LabOrder.query(trx)
    .insert({ ...fields, tenantId, performingIntegrationId: performingLabId })
    .returning('*');
  return toOrderRecord(inserted);
}

/** An order the caller may read (record-level permissions as SQL). */
export async function findLabOrder(scope: AccessScope, id: string): Promise<LabOrderRecord | undefined> {
  const order = await LabOrder.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'LabOrder')).findById(id);
  return order && toOrderRecord(order);
}

/** For matching (system access inside a tenant transaction): the order a placer or filler number names. */
export async function findOrderByNumber(
  trx: Knex.Transaction,
  numbers: { placer?: string | null; filler?: string | null },
): Promise<LabOrderRecord | undefined> {
  if (numbers.placer) {
    const order = await LabOrder.query(trx).where('placer_order_number', numbers.placer).whereNot('status', 'cancelled').first();
    if (order) return toOrderRecord(order);
  }
  if (numbers.filler) {
    const orders = await LabOrder.query(trx).where('filler_order_number', numbers.filler).whereNot('status', 'cancelled').limit(2);
    if (orders.length === 1) return toOrderRecord(orders[0]!);
  }
  return undefined;
}
