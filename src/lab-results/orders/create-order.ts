import { randomBytes } from 'node:crypto';
import { asSubject } from '../../authz/ability.js';
import { deniedWith } from '../../audit/denials.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { forbidden, validationFailed } from '../../errors/app-error.js';
import { insertLabOrder, type LabOrderRecord } from './order-repository.js';

export interface CreateLabOrderInput {
  patientId: string;
  /** Defaults to the calling physician. */
  orderingPractitionerId?: string;
  performingLabId: string;
  testCodes: string[];
  priority: LabOrderRecord['priority'];
  /** The clinic's order number (ORC-2/OBR-2); generated when absent. */
  placerOrderNumber?: string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A placer number labs can carry in ORC-2: short, unambiguous, no PHI. */
export function newPlacerOrderNumber(): string {
  return `SCX${[...randomBytes(10)].map((byte) => CROCKFORD[byte % 32]).join('')}`;
}

async function requireTenantRows(scope: AccessScope, input: CreateLabOrderInput & { orderingPractitionerId: string }): Promise<void> {
  const checks = [
    { table: 'patients', id: input.patientId, pointer: '/body/patientId' },
    { table: 'practitioners', id: input.orderingPractitionerId, pointer: '/body/orderingPractitionerId' },
    { table: 'lab_integrations', id: input.performingLabId, pointer: '/body/performingLabId' },
  ];
  const problems: { pointer: string; detail: string }[] = [];
  // Foreign keys ignore row-level security; the rows must be this tenant's.
  for (const check of checks) {
    if (!(await scope.trx(check.table).where({ id: check.id }).first('id'))) {
      problems.push({ pointer: check.pointer, detail: 'refers to a record that does not exist' });
    }
  }
  if (problems.length > 0) throw validationFailed(problems, 'The order refers to records that do not exist.');
}

/** A physician records an order; results are later matched against its placer number. */
export async function createLabOrder(scope: AccessScope, input: CreateLabOrderInput): Promise<LabOrderRecord> {
  const orderingPractitionerId = input.orderingPractitionerId ?? scope.actor.practitionerId;
  if (!orderingPractitionerId) {
    throw validationFailed([{ pointer: '/body/orderingPractitionerId', detail: 'required when the caller is not a practitioner' }]);
  }
  if (!scope.ability.can('create', asSubject('LabOrder', { tenantId: scope.actor.tenantId, orderingPractitionerId }))) {
    // A physician orders in their own name; nothing here is an existing record to hide, so 403.
    throw deniedWith(forbidden('You may order only as the ordering practitioner.'), { action: 'create', entityType: 'LabOrder', patientId: input.patientId });
  }
  await requireTenantRows(scope, { ...input, orderingPractitionerId });
  const order = await insertLabOrder(scope.trx, scope.actor.tenantId, {
    patientId: input.patientId,
    orderingPractitionerId,
    performingLabId: input.performingLabId,
    placerOrderNumber: input.placerOrderNumber ?? newPlacerOrderNumber(),
    testCodes: [...new Set(input.testCodes)],
    priority: input.priority,
    createdBy: scope.actor.id,
  });
  await recordAudit(scope.trx, scope.actor, {
    action: 'create',
    entityType: 'LabOrder',
    entityId: order.id,
    patientId: order.patientId,
    details: { priority: order.priority, testCount: order.testCodes.length },
  });
  return order;
}
