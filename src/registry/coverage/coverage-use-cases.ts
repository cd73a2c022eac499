import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { validationFailed } from '../../errors/app-error.js';
import { offsetOf, type Page, toPage } from '../shared/pagination.js';
import { requireReferences } from '../shared/references.js';
import {
  type CoverageRecord,
  deleteCoverageRow,
  findCoverage,
  insertCoverage,
  searchCoverage,
  updateCoverageFields,
} from './coverage-repository.js';
import { type CoverageCreateInput, type CoverageUpdateInput } from './coverage-schemas.js';

async function visibleCoverage(scope: AccessScope, id: string, action: 'read' | 'update' | 'delete'): Promise<CoverageRecord> {
  const found = await findCoverage(scope, id);
  if (!found) throw notVisible(action, 'Coverage', id);
  assertCan(scope.ability, action, 'Coverage', found);
  return found;
}

export async function searchCoverageUseCase(
  scope: AccessScope,
  query: { practitionerId?: string; coveringPractitionerId?: string; activeAt?: string; limit: number; cursor?: string },
): Promise<Page<CoverageRecord>> {
  const offset = offsetOf(query.cursor);
  return toPage(await searchCoverage(scope, query, { limit: query.limit, offset }), query.limit, offset);
}

export const getCoverage = (scope: AccessScope, id: string) => visibleCoverage(scope, id, 'read');

/** Coverage decides who receives escalations (critical results), so every change is audited. */
export async function createCoverage(scope: AccessScope, input: CoverageCreateInput): Promise<CoverageRecord> {
  assertCan(scope.ability, 'create', 'Coverage', { tenantId: scope.actor.tenantId, practitionerId: input.practitionerId });
  await requireReferences(scope.trx, [
    { table: 'practitioners', id: input.practitionerId, pointer: '/body/practitionerId' },
    { table: 'practitioners', id: input.coveringPractitionerId, pointer: '/body/coveringPractitionerId' },
  ]);
  const created = await insertCoverage(scope.trx, scope.actor.tenantId, input);
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'Coverage', entityId: created.id });
  return created;
}

export async function updateCoverage(scope: AccessScope, id: string, changes: CoverageUpdateInput): Promise<CoverageRecord> {
  const current = await visibleCoverage(scope, id, 'update');
  const merged = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
  const problems = [];
  if (Date.parse(merged.endsAt) <= Date.parse(merged.startsAt)) problems.push({ pointer: '/body/endsAt', detail: 'must end after it starts' });
  if (merged.coveringPractitionerId === merged.practitionerId) problems.push({ pointer: '/body/coveringPractitionerId', detail: 'a practitioner cannot cover for themselves' });
  if (problems.length > 0) throw validationFailed(problems);
  await requireReferences(scope.trx, [{ table: 'practitioners', id: changes.coveringPractitionerId, pointer: '/body/coveringPractitionerId' }]);
  const updated = await updateCoverageFields(scope.trx, id, changes);
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'Coverage', entityId: id, details: { fields: Object.keys(changes) } });
  return updated;
}

export async function deleteCoverage(scope: AccessScope, id: string): Promise<void> {
  await visibleCoverage(scope, id, 'delete');
  await deleteCoverageRow(scope.trx, id);
  await recordAudit(scope.trx, scope.actor, { action: 'delete', entityType: 'Coverage', entityId: id });
}
