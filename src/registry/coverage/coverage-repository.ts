import { type Knex } from 'knex';
import { fn } from 'objection';
import { definedFields } from '../../db/models/base-model.js';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { Coverage } from './coverage-model.js';

/** A coverage period as a plain object (camelCase; instants as ISO strings). */
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

/** The fields a caller may write; undefined ones are left alone. */
export type CoverageFields = Partial<Pick<CoverageRecord, 'practitionerId' | 'coveringPractitionerId' | 'startsAt' | 'endsAt' | 'reason'>>;

export async function searchCoverage(
  scope: AccessScope,
  filters: { practitionerId?: string; coveringPractitionerId?: string; activeAt?: string },
  page: { limit: number; offset: number },
): Promise<CoverageRecord[]> {
  const query = Coverage.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'Coverage'));
  if (filters.practitionerId) void query.where('practitioner_id', filters.practitionerId);
  if (filters.coveringPractitionerId) void query.where('covering_practitioner_id', filters.coveringPractitionerId);
  if (filters.activeAt) void query.where('starts_at', '<=', filters.activeAt).andWhere('ends_at', '>', filters.activeAt);
  const periods = await query.orderBy([{ column: 'starts_at', order: 'desc' }, { column: 'id' }]).limit(page.limit + 1).offset(page.offset);
  return periods.map((c) => c.toRecord<CoverageRecord>());
}

export async function findCoverage(scope: AccessScope, id: string): Promise<CoverageRecord | undefined> {
  const coverage = await Coverage.query(scope.trx).where(accessibleWhere(scope.ability, 'read', 'Coverage')).findById(id);
  return coverage?.toRecord<CoverageRecord>();
}

export async function insertCoverage(trx: Knex.Transaction, tenantId: string, fields: CoverageFields): Promise<CoverageRecord> {
  const coverage = await Coverage.query(trx).insert({ ...definedFields(fields), tenantId }).returning('*');
  return coverage.toRecord<CoverageRecord>();
}

export async function updateCoverageFields(trx: Knex.Transaction, id: string, fields: CoverageFields): Promise<CoverageRecord> {
  const [coverage] = await Coverage.query(trx).patch({ ...definedFields(fields), updatedAt: fn.now() }).where('id', id).returning('*');
  return coverage!.toRecord<CoverageRecord>();
}

export async function deleteCoverageRow(trx: Knex.Transaction, id: string): Promise<void> {
  await Coverage.query(trx).deleteById(id);
}

/**
 * Who covers `practitionerId` at `at`: the most recently started coverage in force, or undefined.
 * For escalation (ordering clinician → covering clinician → on-call/lead); call it with the tenant
 * transaction of the activity. One hop: call again with the result to follow a chain.
 */
export async function findCoveringPractitioner(trx: Knex.Transaction, practitionerId: string, at: Date = new Date()): Promise<string | undefined> {
  const coverage = await Coverage.query(trx)
    .select('covering_practitioner_id')
    .where('practitioner_id', practitionerId)
    .andWhere('starts_at', '<=', at)
    .andWhere('ends_at', '>', at)
    .orderBy([{ column: 'starts_at', order: 'desc' }, { column: 'created_at', order: 'desc' }])
    .first();
  return coverage?.coveringPractitionerId;
}
