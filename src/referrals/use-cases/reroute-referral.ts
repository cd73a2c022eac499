import { type Knex } from 'knex';
import { currentActor } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { AppError, conflict } from '../../errors/app-error.js';
import { taskActorRef } from '../../tasks/task-access.js';
import { closeReferralUpdate } from '../../workflows/shared/referral.js';
import { type TargetInput } from '../api/schemas.js';
import { type Keyring, openClinical } from '../clinical-box.js';
import { withReferralAccess } from '../referral-access.js';
import { type ReferralClinical, type StoredReferral } from '../referral-record.js';
import { type ReferralView, referralView } from '../referral-view.js';
import { ReferralDocument } from '../store/referral-content-model.js';
import { openReferral } from './command-actions.js';
import { type ReferralDeps } from './referral-deps.js';
import { insertNote, insertReferral, resolveTarget } from './referral-writer.js';

/** The old referral's documents, opened to be sealed again for the replacement (bound to its own rows). */
async function documentsOf(trx: Knex.Transaction, keys: Keyring, referralId: string) {
  const docs = await ReferralDocument.query(trx).where('referral_id', referralId).orderBy('position');
  return docs.map((d) => ({ kind: d.kind, reference: d.reference, ...(d.contentSealed ? openClinical<{ title?: string; description?: string }>(keys, d.id, d.contentSealed) : {}) }));
}

/**
 * Sends the referral to another receiver: a replacement referral (same patient, content and urgency,
 * linked to the old one) is created and its workflow started, and the old referral's workflow closes
 * it as rerouted (its open tasks cancelled, its history kept), all before the transaction commits.
 * If the old workflow refuses (already closed) nothing is created; the replacement's workflow then
 * finds no referral and ends.
 */
export async function rerouteReferral(deps: ReferralDeps, referralId: string, body: { target: TargetInput; reason: string; note?: string }): Promise<ReferralView> {
  try {
    return await withReferralAccess(deps.db, async (access) => {
      const { trx, actor, ability } = access;
      const old: StoredReferral = await openReferral(access, referralId, 'reroute');
      if (old.status === 'draft') throw conflict('A draft is not sent yet: change it by cancelling it and referring again.', { reason: 'not-sent' });
      const replacement = await insertReferral(trx, deps.keys, actor, {
        patientId: old.patientId,
        urgency: old.urgency,
        clinical: openClinical<ReferralClinical>(deps.keys, old.id, old.clinicalSealed),
        target: await resolveTarget(trx, body.target),
        documents: await documentsOf(trx, deps.keys, old.id),
        externalReferralNumber: old.externalReferralNumber,
        referringPractitionerId: old.referringPractitionerId,
        referringDepartmentId: old.referringDepartmentId,
        status: 'sent',
        replacesReferralId: old.id,
      });
      const noteId = body.note ? await insertNote(trx, deps.keys, actor, old.id, 'reroute', body.note) : undefined;
      await deps.workflows.start({ tenantId: actor.tenantId, referralId: replacement.id });
      await deps.workflows.update(old.id, closeReferralUpdate, {
        kind: 'reroute',
        actor: taskActorRef(actor),
        reason: body.reason,
        replacementReferralId: replacement.id,
        ...(noteId ? { noteId } : {}),
      });
      // Audited only now: the audit chain's per-tenant lock, held by this transaction, would block the
      // old workflow's own audited writes that the update above waits for.
      await recordAudit(trx, actor, { action: 'create', entityType: 'Referral', entityId: replacement.id, patientId: old.patientId, details: { replacesReferralId: old.id } });
      await recordAudit(trx, actor, { action: 'referral.reroute', entityType: 'Referral', entityId: old.id, patientId: old.patientId, details: { replacementReferralId: replacement.id } });
      return referralView(trx, ability, deps.keys, replacement, true);
    });
  } catch (err) {
    if (err instanceof AppError && err.status === 409) {
      const { actor } = currentActor();
      await recordAudit(deps.db, actor, { action: 'referral.reroute', entityType: 'Referral', entityId: referralId, outcome: 'denied', reason: err.code });
    }
    throw err;
  }
}
