import { type Knex } from 'knex';
import { type Actor } from '../../authz/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import { withTenant } from '../../db/tenant-scope.js';
import { type OpenedStage, type ReferralStage, type ReferralStatus, type SlaKind } from '../../workflows/shared/referral.js';
import { referralSettingsOf } from '../settings/referral-settings.js';
import { stageDeadline } from '../settings/stage-deadline.js';
import { type ReferralActor, recordReferralHistory, statusColumns } from './history.js';
import { invalid, referralRow, tenantOf } from './load-referral.js';

export interface OpenStageInput {
  tenantId: string;
  referralId: string;
  stageKey: string;
  stage: ReferralStage;
  round: number;
  /** The referral's status while this stage runs. */
  status: ReferralStatus;
  /** The SLA that sets the stage's due time; none for a stage that only waits (the visit). */
  sla: SlaKind | null;
  /** Also resolve this SLA (the booking follow-up) so the workflow can time it. */
  followUp?: SlaKind;
  actor: ReferralActor;
}

export interface EndStageInput {
  tenantId: string;
  referralId: string;
  stageKey: string;
  outcome: string;
  reason?: string;
  actor: ReferralActor;
  /** The referral's status afterwards; omitted when the next stage sets it. */
  status?: ReferralStatus;
  details?: Record<string, unknown>;
}

interface StageRow {
  stage_key: string;
  stage: ReferralStage;
  due_at: Date | null;
  sla_ms: string | null;
  paused_since: Date | null;
  ended_at: Date | null;
  details: { followUpMs?: number };
}

const openedFrom = (row: StageRow): OpenedStage => ({
  stageKey: row.stage_key,
  dueAt: row.due_at?.toISOString() ?? null,
  slaMs: row.sla_ms === null ? null : Number(row.sla_ms),
  followUpMs: row.details.followUpMs ?? null,
});

const findStage = (trx: Knex.Transaction, referralId: string, stageKey: string) =>
  trx('referral_stages').where({ referral_id: referralId, stage_key: stageKey }).first<StageRow | undefined>();

/**
 * Opens a stage once (a retry returns the stage as first opened): its due time comes from the
 * tenant's SLA for the referral's urgency, counted on the tenant calendar from now, and becomes the
 * referral's current stage and status.
 */
export async function openStage(db: Knex, input: OpenStageInput, auditActor: Actor): Promise<OpenedStage> {
  return withTenant(db, input.tenantId, async (trx) => {
    const referral = await referralRow(trx, input.referralId, 'update');
    const existing = await findStage(trx, input.referralId, input.stageKey);
    if (existing) return openedFrom(existing);
    const tenant = await tenantOf(trx, input.tenantId);
    const settings = referralSettingsOf(tenant.settings);
    const now = new Date();
    const due = input.sla ? stageDeadline(now, input.sla, referral.urgency, settings, tenant.timezone) : null;
    const followUpMs = input.followUp ? stageDeadline(now, input.followUp, referral.urgency, settings, tenant.timezone).getTime() - now.getTime() : undefined;
    await trx('referral_stages').insert({
      tenant_id: input.tenantId,
      referral_id: input.referralId,
      stage_key: input.stageKey,
      stage: input.stage,
      round: input.round,
      started_at: now,
      due_at: due,
      sla_ms: due ? due.getTime() - now.getTime() : null,
      details: JSON.stringify(followUpMs === undefined ? {} : { followUpMs }),
    });
    await trx('referrals')
      .where({ id: input.referralId })
      .update({ ...statusColumns(trx, input.status), stage: input.stage, stage_key: input.stageKey, stage_due_at: due });
    await recordReferralHistory(trx, {
      tenantId: input.tenantId,
      referralId: input.referralId,
      eventKey: `stage:${input.stageKey}:opened`,
      fromStatus: referral.status,
      toStatus: input.status,
      stage: input.stage,
      actor: input.actor,
    });
    await recordAudit(trx, auditActor, { action: 'referral.stage-opened', entityType: 'Referral', entityId: input.referralId, patientId: referral.patient_id, details: { stageKey: input.stageKey } });
    return openedFrom((await findStage(trx, input.referralId, input.stageKey))!);
  });
}

/** Ends a stage once, recording who acted and the outcome; a paused stage's pause is closed too. */
export async function endStage(db: Knex, input: EndStageInput, auditActor: Actor): Promise<void> {
  await withTenant(db, input.tenantId, async (trx) => {
    const referral = await referralRow(trx, input.referralId, 'update');
    const stage = await findStage(trx, input.referralId, input.stageKey);
    if (!stage) throw invalid('unknown-stage');
    if (stage.ended_at) return;
    await trx('referral_stages')
      .where({ referral_id: input.referralId, stage_key: input.stageKey })
      .update({
        ended_at: trx.raw('clock_timestamp()'),
        paused_ms: trx.raw("paused_ms + coalesce((extract(epoch from clock_timestamp() - paused_since) * 1000)::bigint, 0)"),
        paused_since: null,
        outcome: input.outcome,
        reason: input.reason ?? null,
        acted_by_type: input.actor.type,
        acted_by_id: input.actor.id,
        acted_by_role: input.actor.role,
        details: trx.raw('details || ?::jsonb', [JSON.stringify(input.details ?? {})]),
      });
    const current = referral.stage_key === input.stageKey;
    const status = input.status ?? referral.status;
    await trx('referrals')
      .where({ id: input.referralId })
      .update({ ...statusColumns(trx, status), ...(current ? { stage: null, stage_key: null, stage_due_at: null } : {}) });
    await recordReferralHistory(trx, {
      tenantId: input.tenantId,
      referralId: input.referralId,
      eventKey: `stage:${input.stageKey}:ended`,
      fromStatus: referral.status,
      toStatus: status,
      stage: referral.stage,
      actor: input.actor,
      reason: input.reason ?? input.outcome,
      details: input.details,
    });
    await recordAudit(trx, auditActor, {
      action: 'referral.stage-ended',
      entityType: 'Referral',
      entityId: input.referralId,
      patientId: referral.patient_id,
      details: { stageKey: input.stageKey, outcome: input.outcome },
    });
  });
}

/** Stops a stage's SLA clock (the receiver waits on the referrer). */
export async function pauseStage(db: Knex, input: { tenantId: string; referralId: string; stageKey: string }): Promise<void> {
  await withTenant(db, input.tenantId, (trx) =>
    trx('referral_stages')
      .where({ referral_id: input.referralId, stage_key: input.stageKey })
      .whereNull('paused_since')
      .whereNull('ended_at')
      .update({ paused_since: trx.raw('clock_timestamp()') }),
  );
}

/**
 * Restarts a paused stage's clock: its due time moves by the time it was paused, and it becomes the
 * referral's current stage again. A retry after the first attempt committed changes nothing.
 */
export async function resumeStage(db: Knex, input: { tenantId: string; referralId: string; stageKey: string; status: ReferralStatus; actor: ReferralActor }): Promise<OpenedStage> {
  return withTenant(db, input.tenantId, async (trx) => {
    const referral = await referralRow(trx, input.referralId, 'update');
    const paused = await findStage(trx, input.referralId, input.stageKey);
    if (!paused) throw invalid('unknown-stage');
    if (!paused.paused_since || paused.ended_at) return openedFrom(paused);
    const held = 'clock_timestamp() - paused_since';
    await trx('referral_stages')
      .where({ referral_id: input.referralId, stage_key: input.stageKey })
      .update({
        due_at: trx.raw(`due_at + (${held})`),
        paused_ms: trx.raw(`paused_ms + (extract(epoch from ${held}) * 1000)::bigint`),
        paused_since: null,
      });
    const stage = (await findStage(trx, input.referralId, input.stageKey))!;
    await trx('referrals')
      .where({ id: input.referralId })
      .update({ ...statusColumns(trx, input.status), stage: stage.stage, stage_key: input.stageKey, stage_due_at: stage.due_at });
    await recordReferralHistory(trx, {
      tenantId: input.tenantId,
      referralId: input.referralId,
      eventKey: `stage:${input.stageKey}:resumed:${paused.paused_since.getTime()}`,
      fromStatus: referral.status,
      toStatus: input.status,
      stage: stage.stage,
      actor: input.actor,
      reason: 'info-answered',
    });
    return openedFrom(stage);
  });
}
