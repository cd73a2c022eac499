import { type Knex } from 'knex';
import { type Actor } from '../../authz/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import { withTenant } from '../../db/tenant-scope.js';
import { type ReferralActor, recordReferralHistory, statusColumns } from './history.js';
import { referralRow } from './load-referral.js';

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
    const referral = await referralRow(trx, input.referralId, 'update');
    if (referral.status === input.status) return;
    await trx('referral_stages')
      .where({ referral_id: input.referralId })
      .whereNull('ended_at')
      .update({
        ended_at: trx.raw('clock_timestamp()'),
        paused_ms: trx.raw('paused_ms + coalesce((extract(epoch from clock_timestamp() - paused_since) * 1000)::bigint, 0)'),
        paused_since: null,
        outcome: input.status,
        reason: input.reason,
        acted_by_type: input.actor.type,
        acted_by_id: input.actor.id,
        acted_by_role: input.actor.role,
      });
    await trx('referrals')
      .where({ id: input.referralId })
      .update({
        ...statusColumns(trx, input.status),
        stage: null,
        stage_key: null,
        stage_due_at: null,
        ...(input.replacementReferralId ? { replaced_by_referral_id: input.replacementReferralId } : {}),
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
      patientId: referral.patient_id,
      details: { reason: input.reason, ...details },
    });
  });
}
