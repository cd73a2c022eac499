import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { assertFilterPermitted } from '../../authz/permitted-fields.js';
import { recordAudit, recordAuditMany } from '../../audit/record-audit.js';
import { offsetOf, type Page, toPage } from '../../registry/shared/pagination.js';
import { type ListInput } from '../api/schemas.js';
import { type ReferralAccess, withReferralAccess } from '../referral-access.js';
import { type StoredReferral } from '../referral-record.js';
import { type ReferralView, referralView } from '../referral-view.js';
import { Referral } from '../store/referral-model.js';
import { type ReferralWorkflowView, referralWorkflowId } from '../../workflows/shared/referral.js';
import { notVisible } from '../../authz/assert-can.js';
import { type ReferralDeps, visibleReferral } from './referral-deps.js';

/** One referral with its stage timeline, if the caller may see it; the read is audited. */
export async function getReferral(deps: ReferralDeps, referralId: string): Promise<ReferralView> {
  return withReferralAccess(deps.db, async (access) => {
    const referral = await visibleReferral(access, referralId, 'read');
    await recordAudit(access.trx, access.actor, { action: 'read', entityType: 'Referral', entityId: referralId, patientId: referral.patientId });
    return referralView(access.trx, access.ability, deps.keys, referral, true);
  });
}

/** "Sent by me or my department" / "received by me or my department". */
function direction(access: ReferralAccess, which: 'sent' | 'received') {
  const [practitioner, department] = which === 'sent' ? ['referring_practitioner_id', 'referring_department_id'] : ['target_practitioner_id', 'target_department_id'];
  return (q: Knex.QueryBuilder) => {
    void q.whereRaw('false');
    if (access.actor.practitionerId) void q.orWhere(practitioner, access.actor.practitionerId);
    if (access.departmentIds.length > 0) void q.orWhereIn(department, access.departmentIds);
  };
}

/**
 * Referrals the caller may see, newest first, filtered by direction, status, stage, overdue and
 * patient. The search and every returned referral's read are audited; a patient filter needs the right
 * to see patients.
 */
export async function listReferrals(deps: ReferralDeps, query: ListInput): Promise<Page<ReferralView>> {
  return withReferralAccess(deps.db, async (access) => {
    const { trx, actor, ability } = access;
    if (query.patientId) assertFilterPermitted(ability, 'Referral', ['patientId']);
    const offset = offsetOf(query.cursor);
    const q = Referral.query(trx).where(accessibleWhere(ability, 'read', 'Referral'));
    if (query.direction) void q.andWhere(direction(access, query.direction));
    if (query.status) void q.andWhere('status', query.status);
    if (query.stage) void q.andWhere('stage', query.stage);
    if (query.patientId) void q.andWhere('patient_id', query.patientId);
    if (query.overdue === 'true') void q.andWhere('stage_due_at', '<', trx.fn.now());
    if (query.overdue === 'false') void q.andWhere((w) => void w.whereNull('stage_due_at').orWhere('stage_due_at', '>=', trx.fn.now()));
    const referrals = await q.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]).limit(query.limit + 1).offset(offset);
    const page = toPage(referrals.map((r) => r.toRecord<StoredReferral>()), query.limit, offset);
    const filters = { direction: query.direction, status: query.status, stage: query.stage, overdue: query.overdue };
    await recordAudit(trx, actor, { action: 'search', entityType: 'Referral', patientId: query.patientId ?? null, details: { ...filters, returned: page.items.length } });
    await recordAuditMany(
      trx,
      actor,
      page.items.map((r) => ({ action: 'read', entityType: 'Referral', entityId: r.id, patientId: r.patientId, details: { via: 'list' } })),
    );
    const items: ReferralView[] = [];
    for (const referral of page.items) items.push(await referralView(trx, ability, deps.keys, referral, false));
    return { items, nextCursor: page.nextCursor };
  });
}

/** The workflow's live state for operators (stage, open tasks, timers; null while it cannot answer), without patient data. */
export async function getReferralWorkflow(deps: ReferralDeps, referralId: string): Promise<{ referralId: string; workflowId: string; state: ReferralWorkflowView | null }> {
  await withReferralAccess(deps.db, async ({ trx, actor, ability }) => {
    const found = await Referral.query(trx).select('status').findById(referralId).where(accessibleWhere(ability, 'read', 'ReferralWorkflow'));
    if (!found || found.status === 'draft') throw notVisible('read', 'ReferralWorkflow', referralId);
    await recordAudit(trx, actor, { action: 'read', entityType: 'ReferralWorkflow', entityId: referralId });
  });
  return { referralId, workflowId: referralWorkflowId(referralId), state: await deps.workflows.state(referralId) };
}
