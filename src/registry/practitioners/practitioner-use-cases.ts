import { assertCan, notVisible } from '../../authz/assert-can.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { validationFailed } from '../../errors/app-error.js';
import { offsetOf, type Page, toPage } from '../shared/pagination.js';
import {
  findPractitioner,
  insertPractitioner,
  type PractitionerRecord,
  searchPractitioners,
  updatePractitionerFields,
} from './practitioner-repository.js';
import { PRESCRIBER_KINDS, type PractitionerCreateInput, type PractitionerUpdateInput } from './practitioner-schemas.js';

/** Rules that span fields: who may prescribe, and residents' supervision. */
interface Prescribing {
  id?: string;
  kind: string;
  canPrescribe: boolean;
  deaNumber?: string | null;
  supervisingPractitionerId?: string | null;
}

async function checkConsistency(scope: AccessScope, p: Prescribing): Promise<void> {
  const problems: { pointer: string; detail: string }[] = [];
  if (p.canPrescribe && !PRESCRIBER_KINDS.includes(p.kind)) problems.push({ pointer: '/body/canPrescribe', detail: `a ${p.kind} cannot hold prescriptive authority` });
  if (p.deaNumber && !p.canPrescribe) problems.push({ pointer: '/body/deaNumber', detail: 'a DEA registration needs prescriptive authority (canPrescribe)' });
  if (p.kind === 'resident' && !p.supervisingPractitionerId) problems.push({ pointer: '/body/supervisingPractitionerId', detail: 'a resident needs a supervising practitioner' });
  if (p.supervisingPractitionerId) {
    const supervisor = p.supervisingPractitionerId === p.id ? undefined : await findPractitioner(scope, p.supervisingPractitionerId);
    if (!supervisor?.active || !supervisor.canPrescribe) {
      problems.push({ pointer: '/body/supervisingPractitionerId', detail: 'must be another active practitioner with prescriptive authority' });
    }
  }
  if (problems.length > 0) throw validationFailed(problems);
}

export async function searchPractitionersUseCase(
  scope: AccessScope,
  query: { q?: string; kind?: string; active?: boolean; limit: number; cursor?: string },
): Promise<Page<PractitionerRecord>> {
  const offset = offsetOf(query.cursor);
  return toPage(await searchPractitioners(scope, query, { limit: query.limit, offset }), query.limit, offset);
}

export async function getPractitioner(scope: AccessScope, id: string): Promise<PractitionerRecord> {
  const found = await findPractitioner(scope, id);
  if (!found) throw notVisible('read', 'Practitioner', id);
  assertCan(scope.ability, 'read', 'Practitioner', found);
  return found;
}

export async function createPractitioner(scope: AccessScope, input: PractitionerCreateInput): Promise<PractitionerRecord> {
  await checkConsistency(scope, input);
  const created = await insertPractitioner(scope.trx, scope.actor.tenantId, input);
  await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'Practitioner', entityId: created.id });
  return created;
}

export async function updatePractitioner(scope: AccessScope, id: string, changes: PractitionerUpdateInput): Promise<PractitionerRecord> {
  const found = await findPractitioner(scope, id);
  if (!found) throw notVisible('update', 'Practitioner', id);
  assertCan(scope.ability, 'update', 'Practitioner', found);
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  await checkConsistency(scope, { ...found, ...defined });
  const updated = await updatePractitionerFields(scope.trx, id, defined);
  await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'Practitioner', entityId: id, details: { fields: Object.keys(defined) } });
  return updated;
}

/** Practitioners are referenced by orders, results and history, so removal deactivates. */
export async function deactivatePractitioner(scope: AccessScope, id: string): Promise<void> {
  const found = await findPractitioner(scope, id);
  if (!found) throw notVisible('delete', 'Practitioner', id);
  assertCan(scope.ability, 'delete', 'Practitioner', found);
  await updatePractitionerFields(scope.trx, id, { active: false });
  await recordAudit(scope.trx, scope.actor, { action: 'deactivate', entityType: 'Practitioner', entityId: id });
}
