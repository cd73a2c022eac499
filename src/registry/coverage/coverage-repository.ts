import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';

export interface CoverageRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  practitionerId: string;
  coveringPractitionerId: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;
const COLUMN: Record<string, string> = {
  practitionerId: 'practitioner_id',
  coveringPractitionerId: 'covering_practitioner_id',
  startsAt: 'starts_at',
  endsAt: 'ends_at',
  reason: 'reason',
};

const toRecord = (r: Row): CoverageRecord => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  practitionerId: r.practitioner_id as string,
  coveringPractitionerId: r.covering_practitioner_id as string,
  startsAt: (r.starts_at as Date).toISOString(),
  endsAt: (r.ends_at as Date).toISOString(),
  reason: (r.reason as string | null) ?? null,
  createdAt: (r.created_at as Date).toISOString(),
  updatedAt: (r.updated_at as Date).toISOString(),
});

export const toColumns = (fields: Record<string, unknown>): Row =>
  Object.fromEntries(Object.entries(fields).filter(([k, v]) => COLUMN[k] && v !== undefined).map(([k, v]) => [COLUMN[k]!, v]));

export async function searchCoverage(
  scope: AccessScope,
  filters: { practitionerId?: string; coveringPractitionerId?: string; activeAt?: string },
  page: { limit: number; offset: number },
): Promise<CoverageRecord[]> {
  const query = scope.trx('coverage').where(accessibleWhere(scope.ability, 'read', 'Coverage'));
  if (filters.practitionerId) void query.where('practitioner_id', filters.practitionerId);
  if (filters.coveringPractitionerId) void query.where('covering_practitioner_id', filters.coveringPractitionerId);
  if (filters.activeAt) void query.where('starts_at', '<=', filters.activeAt).andWhere('ends_at', '>', filters.activeAt);
  const rows = (await query.orderBy([{ column: 'starts_at', order: 'desc' }, { column: 'id' }]).limit(page.limit + 1).offset(page.offset)) as Row[];
  return rows.map(toRecord);
}

export async function findCoverage(scope: AccessScope, id: string): Promise<CoverageRecord | undefined> {
  const row = (await scope.trx('coverage').where(accessibleWhere(scope.ability, 'read', 'Coverage')).andWhere({ id }).first()) as Row | undefined;
  return row ? toRecord(row) : undefined;
}

export async function insertCoverage(trx: Knex.Transaction, tenantId: string, columns: Row): Promise<CoverageRecord> {
  const [row] = (await trx('coverage').insert({ ...columns, tenant_id: tenantId }).returning('*')) as Row[];
  return toRecord(row!);
}

export async function updateCoverageColumns(trx: Knex.Transaction, id: string, columns: Row): Promise<CoverageRecord> {
  const [row] = (await trx('coverage').where({ id }).update({ ...columns, updated_at: trx.fn.now() }).returning('*')) as Row[];
  return toRecord(row!);
}

export async function deleteCoverageRow(trx: Knex.Transaction, id: string): Promise<void> {
  await trx('coverage').where({ id }).delete();
}

/**
 * Who covers `practitionerId` at `at`: the most recently started coverage in force, or undefined.
 * For escalation (ordering clinician → covering clinician → on-call/lead); call it with the tenant
 * transaction of the activity. One hop: call again with the result to follow a chain.
 */
export async function findCoveringPractitioner(trx: Knex.Transaction, practitionerId: string, at: Date = new Date()): Promise<string | undefined> {
  const row = await trx('coverage')
    .where({ practitioner_id: practitionerId })
    .andWhere('starts_at', '<=', at)
    .andWhere('ends_at', '>', at)
    .orderBy([{ column: 'starts_at', order: 'desc' }, { column: 'created_at', order: 'desc' }])
    .first<{ covering_practitioner_id: string } | undefined>('covering_practitioner_id');
  return row?.covering_practitioner_id;
}
