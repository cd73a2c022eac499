import { assertCan } from '../../authz/assert-can.js';
import { type Actor } from '../../authz/actor.js';
import { type Action } from '../../authz/subjects.js';
import { recordAudit } from '../../audit/record-audit.js';
import { withTenant } from '../../db/tenant-scope.js';
import { AppError, conflict } from '../../errors/app-error.js';
import { taskActorRef } from '../../tasks/task-access.js';
import { closeReferralUpdate, FINAL_STATUSES, requestReferralInfoUpdate } from '../../workflows/shared/referral.js';
import { type ReferralAccess, withReferralAccess } from '../referral-access.js';
import { type StoredReferral, toReferralRecord } from '../referral-record.js';
import { type ReferralView } from '../referral-view.js';
import { recordReferralHistory, statusFields } from '../store/history.js';
import { ReferralNote } from '../store/referral-content-model.js';
import { Referral } from '../store/referral-model.js';
import { getReferralAfterAction } from './referral-after-action.js';
import { type ReferralDeps, visibleReferral } from './referral-deps.js';
import { actorRef, insertNote } from './referral-writer.js';

const closed = () => conflict('The referral is already closed.', { reason: 'referral-closed' });

/** Checks the caller may act on the referral and that it is still open; the referral comes back. */
async function openReferral(access: ReferralAccess, referralId: string, action: Action): Promise<StoredReferral> {
  const referral = await visibleReferral(access, referralId, action);
  assertCan(access.ability, action, 'Referral', toReferralRecord(referral), { patientId: referral.patientId });
  if (FINAL_STATUSES.includes(referral.status)) throw closed();
  return referral;
}

/**
 * Sends a command to the referral's workflow as a Workflow Update. A refusal (409) or no answer
 * (503) removes the note written for it; either way the attempt is audited.
 */
async function command(deps: ReferralDeps, actor: Actor, referral: StoredReferral, action: string, noteId: string | undefined, send: () => Promise<unknown>): Promise<ReferralView> {
  const audit = { action: `referral.${action}`, entityType: 'Referral', entityId: referral.id, patientId: referral.patientId };
  try {
    await send();
  } catch (err) {
    if (noteId) await withTenant(deps.db, actor.tenantId, (trx) => ReferralNote.query(trx).deleteById(noteId).execute()).catch(() => undefined);
    if (err instanceof AppError && err.status < 500) await recordAudit(deps.db, actor, { ...audit, outcome: 'denied', reason: err.code });
    throw err;
  }
  await recordAudit(deps.db, actor, audit);
  return getReferralAfterAction(deps, referral.id);
}

/** The receiver asks the referrer a question: triage pauses (its SLA clock stops) until the answer. */
export async function requestInfo(deps: ReferralDeps, referralId: string, body: { question: string }): Promise<ReferralView> {
  const { referral, actor, noteId } = await withReferralAccess(deps.db, async (access) => {
    const found = await openReferral(access, referralId, 'triage');
    if (found.status !== 'received') throw conflict('More information can be requested only while the referral is being triaged.', { reason: 'wrong-stage' });
    return { referral: found, actor: access.actor, noteId: await insertNote(access.trx, deps.keys, access.actor, referralId, 'info-request', body.question) };
  });
  return command(deps, actor, referral, 'request-info', noteId, () => deps.workflows.update(referralId, requestReferralInfoUpdate, { actor: taskActorRef(actor), noteId }));
}

/** Cancelled at any stage: open tasks are cancelled by the workflow and the history kept. A draft is simply cancelled. */
export async function cancelReferral(deps: ReferralDeps, referralId: string, body: { reason: string; note?: string }): Promise<ReferralView> {
  const { referral, actor, noteId, draft } = await withReferralAccess(deps.db, async (access) => {
    const found = await openReferral(access, referralId, 'cancel');
    const note = body.note ? await insertNote(access.trx, deps.keys, access.actor, referralId, 'cancel', body.note) : undefined;
    if (found.status === 'draft') {
      await Referral.query(access.trx).findById(referralId).patch(statusFields('cancelled'));
      await recordReferralHistory(access.trx, { tenantId: found.tenantId, referralId, eventKey: 'cancelled', fromStatus: 'draft', toStatus: 'cancelled', actor: actorRef(access.actor), reason: body.reason });
    }
    return { referral: found, actor: access.actor, noteId: note, draft: found.status === 'draft' };
  });
  if (draft) {
    await recordAudit(deps.db, actor, { action: 'referral.cancel', entityType: 'Referral', entityId: referralId, patientId: referral.patientId, details: { draft: true } });
    return getReferralAfterAction(deps, referralId);
  }
  const closeCommand = { kind: 'cancel' as const, actor: taskActorRef(actor), reason: body.reason, ...(noteId ? { noteId } : {}) };
  return command(deps, actor, referral, 'cancel', noteId, () => deps.workflows.update(referralId, closeReferralUpdate, closeCommand));
}

export { openReferral };
