import { type Knex } from 'knex';
import { raw } from 'objection';
import { type Actor } from '../../authz/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import { withTenant } from '../../db/tenant-scope.js';
import { type ReferralActor, recordReferralHistory, statusFields } from './history.js';
import { loadReferral } from './load-referral.js';
import { Referral, ReferralStage } from './referral-model.js';
import { PAUSE_ENDED_MS } from './stages.js';

export interface CloseReferralInput {
  tenantId: string;
  referralId: string;
  status: 'closed' | 'cancelled' | 'rerouted';
  reason: string;
  actor: ReferralActor;
  noteId?: string;
  replacementReferralId?: string;
}

/**
 * Ends the referral: the loop closed, or it was cancelled or rerouted at some stage. Stages still
 * open end with that outcome (their history stays); a rerouted referral names its replacement.
 */
export async function closeReferral(db: Knex, input: CloseReferralInput, auditActor: Actor): Promise<void> {
  await withTenant(db, input.tenantId, async (trx) => {
    const referral = await loadReferral(trx, input.referralId, 'update');
    if (referral.status === input.status) return;
    await ReferralStage.query(trx)
      .where('referral_id', input.referralId)
      .whereNull('ended_at')
      .patch({
        endedAt: raw('clock_timestamp()'),
        pausedMs: raw(PAUSE_ENDED_MS),
        pausedSince: null,
        outcome: input.status,
        reason: input.reason,
        actedByType: input.actor.type,
        actedById: input.actor.id,
        actedByRole: input.actor.role,
      });
    await Referral.query(trx)
      .findById(input.referralId)
      .patch({
        ...statusFields(input.status),
        stage: null,
        stageKey: null,
        stageDueAt: null,
        ...(input.replacementReferralId ? { replacedByReferralId: input.replacementReferralId } : {}),
      });
    const details = { ...(input.noteId ? { noteId: input.noteId } : {}), ...(input.replacementReferralId ? { replacementReferralId: input.replacementReferralId } : {}) };
    await recordReferralHistory(trx, {
      tenantId: input.tenantId,
      referralId: input.referralId,
      eventKey: input.status,
      fromStatus: referral.status,
      toStatus: input.status,
      stage: referral.stage,
      actor: input.actor,
      reason: input.reason,
      details,
    });
    await recordAudit(trx, auditActor, {
      action: `referral.${input.status}`,
      entityType: 'Referral',
      entityId: input.referralId,
      patientId: referral.patientId,
      details: { reason: input.reason, ...details },
    });
  });
}
