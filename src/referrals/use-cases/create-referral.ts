import { assertCan } from '../../authz/assert-can.js';
import { currentActor } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { conflict, forbidden, validationFailed } from '../../errors/app-error.js';
import { idempotent, type IdempotentResult } from '../../idempotency/idempotent.js';
import { type CreateReferralInput } from '../api/schemas.js';
import { type ReferralAccess, withReferralAccess } from '../referral-access.js';
import { type StoredReferral, toReferralRecord } from '../referral-record.js';
import { type ReferralView, referralView } from '../referral-view.js';
import { recordReferralHistory, statusFields } from '../store/history.js';
import { Referral } from '../store/referral-model.js';
import { type ReferralDeps, visibleReferral } from './referral-deps.js';
import { actorRef, insertReferral, resolveTarget } from './referral-writer.js';

/** The referring department: the one named (the physician must belong to it), else their only department. */
function referringDepartment(access: ReferralAccess, requested: string | undefined): string | null {
  if (requested) {
    if (!access.departmentIds.includes(requested)) throw validationFailed([{ pointer: '/body/referringDepartmentId', detail: 'you are not a member of this department' }]);
    return requested;
  }
  return access.departmentIds.length === 1 ? access.departmentIds[0]! : null;
}

/**
 * A physician refers a patient. The clinical text is sealed, the referral and its first history entry
 * written, and (unless it is a draft) its workflow started inside the same transaction: if Temporal
 * cannot be reached the request answers 503 and nothing is stored. A retry with the same
 * Idempotency-Key gets the first answer and creates nothing.
 */
export async function createReferral(deps: ReferralDeps, body: CreateReferralInput, idempotencyKey: string | undefined): Promise<IdempotentResult<ReferralView>> {
  const { actor } = currentActor();
  const claim = { tenantId: actor.tenantId, actorId: actor.id, scope: 'referrals.create', key: idempotencyKey, request: body };
  return idempotent(deps.db, claim, async () => {
    const view = await withReferralAccess(deps.db, async (access) => {
      const { trx, actor: caller, ability } = access;
      if (!caller.practitionerId) throw forbidden('Only a practitioner can refer a patient.');
      assertCan(ability, 'create', 'Referral', { tenantId: caller.tenantId, referringPractitionerId: caller.practitionerId });
      if (!(await trx('patients').where({ id: body.patientId }).first('id'))) {
        throw validationFailed([{ pointer: '/body/patientId', detail: 'no such patient' }], 'The request refers to records that do not exist.');
      }
      const referral = await insertReferral(trx, deps.keys, caller, {
        patientId: body.patientId,
        urgency: body.urgency,
        clinical: { reason: body.reason, clinicalQuestion: body.clinicalQuestion },
        target: await resolveTarget(trx, body.target),
        documents: body.documents,
        externalReferralNumber: body.externalReferralNumber ?? null,
        referringPractitionerId: caller.practitionerId,
        referringDepartmentId: referringDepartment(access, body.referringDepartmentId),
        status: body.draft ? 'draft' : 'sent',
      });
      await recordAudit(trx, caller, { action: 'create', entityType: 'Referral', entityId: referral.id, patientId: referral.patientId, details: { urgency: referral.urgency, status: referral.status } });
      if (!body.draft) await deps.workflows.start({ tenantId: caller.tenantId, referralId: referral.id });
      return referralView(trx, ability, deps.keys, referral, true);
    });
    return { status: 201, body: view };
  });
}

/** A draft is released: it becomes sent and its workflow starts (in the same transaction). */
export async function releaseReferral(deps: ReferralDeps, referralId: string): Promise<ReferralView> {
  return withReferralAccess(deps.db, async (access) => {
    const { trx, actor, ability } = access;
    const draft = await visibleReferral(access, referralId, 'release', 'update');
    assertCan(ability, 'release', 'Referral', toReferralRecord(draft), { patientId: draft.patientId });
    if (draft.status !== 'draft') throw conflict('Only a draft can be released.', { reason: 'not-draft' });
    const [sent] = await Referral.query(trx).patch(statusFields('sent')).where('id', referralId).returning('*');
    await recordReferralHistory(trx, { tenantId: actor.tenantId, referralId, eventKey: 'released', fromStatus: 'draft', toStatus: 'sent', actor: actorRef(actor) });
    await recordAudit(trx, actor, { action: 'release', entityType: 'Referral', entityId: referralId, patientId: draft.patientId });
    await deps.workflows.start({ tenantId: actor.tenantId, referralId });
    return referralView(trx, ability, deps.keys, sent!.toRecord<StoredReferral>(), true);
  });
}
