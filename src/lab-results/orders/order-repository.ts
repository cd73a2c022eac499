import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';

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

type Row = Record<string, unknown>;

const toRecord = (r: Row): LabOrderRecord => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  patientId: r.patient_id as string,
  orderingPractitionerId: r.ordering_practitioner_id as string,
  performingLabId: (r.performing_integration_id as string | null) ?? null,
  placerOrderNumber: r.placer_order_number as string,
  fillerOrderNumber: (r.filler_order_number as string | null) ?? null,
  testCodes: r.test_codes as string[],
  priority: r.priority as LabOrderRecord['priority'],
  status: r.status as LabOrderRecord['status'],
  createdAt: (r.created_at as Date).toISOString(),
});

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
  const [row] = (await trx('lab_orders')
    .insert({
      tenant_id: tenantId,
      patient_id: order.patientId,
      ordering_practitioner_id: order.orderingPractitionerId,
      performing_integration_id: order.performingLabId,
      placer_order_number: order.placerOrderNumber,
      test_codes: order.testCodes,
      priority: order.priority,
      created_by: order.createdBy,
    })
    .returning('*')) as Row[];
  return toRecord(row!);
}

/** An order the caller may read (record-level permissions as SQL). */
export async function findLabOrder(scope: AccessScope, id: string): Promise<LabOrderRecord | undefined> {
  const row = (await scope.trx('lab_orders')
    .where({ id })
    .where(accessibleWhere(scope.ability, 'read', 'LabOrder'))
    .first()) as Row | undefined;
  return row && toRecord(row);
}

/** For matching (system access inside a tenant transaction): the order a placer or filler number names. */
export async function findOrderByNumber(
  trx: Knex.Transaction,
  numbers: { placer?: string | null; filler?: string | null },
): Promise<LabOrderRecord | undefined> {
  if (numbers.placer) {
    const row = (await trx('lab_orders').where({ placer_order_number: numbers.placer }).whereNot({ status: 'cancelled' }).first()) as Row | undefined;
    if (row) return toRecord(row);
  }
  if (numbers.filler) {
    const rows = (await trx('lab_orders').where({ filler_order_number: numbers.filler }).whereNot({ status: 'cancelled' }).limit(2)) as Row[];
    if (rows.length === 1) return toRecord(rows[0]!);
  }
  return undefined;
}
