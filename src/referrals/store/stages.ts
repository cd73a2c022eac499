import { type Knex } from 'knex';
import { type ModelObject, raw } from 'objection';
import { type Actor } from '../../authz/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import { withTenant } from '../../db/tenant-scope.js';
import { type OpenedStage, type ReferralStage as StageName, type ReferralStatus, type SlaKind } from '../../workflows/shared/referral.js';
import { referralSettingsOf } from '../settings/referral-settings.js';
import { stageDeadline } from '../settings/stage-deadline.js';
import { type ReferralActor, recordReferralHistory, statusFields } from './history.js';
import { invalid, loadReferral, tenantOf } from './load-referral.js';
import { Referral, ReferralStage } from './referral-model.js';

export interface OpenStageInput {
  tenantId: string;
  referralId: string;
  stageKey: string;
  stage: StageName;
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

type StoredStage = ModelObject<ReferralStage>;

const openedFrom = (stage: StoredStage): OpenedStage => ({
  stageKey: stage.stageKey,
  dueAt: stage.dueAt,
  slaMs: stage.slaMs,
  followUpMs: stage.details.followUpMs ?? null,
});

async function findStage(trx: Knex.Transaction, referralId: string, stageKey: string): Promise<StoredStage | undefined> {
  return (await ReferralStage.query(trx).findById([referralId, stageKey]))?.toRecord<StoredStage>();
}

/** A stage's `paused_ms` once its pause (if any) ends now. */
export const PAUSE_ENDED_MS = 'paused_ms + coalesce((extract(epoch from clock_timestamp() - paused_since) * 1000)::bigint, 0)';

/**
 * Opens a stage once (a retry returns the stage as first opened): its due time comes from the
 * tenant's SLA for the referral's urgency, counted on the tenant calendar from now, and becomes the
 * referral's current stage and status.
 */
export async function openStage(db: Knex, input: OpenStageInput, auditActor: Actor): Promise<OpenedStage> {
  return withTenant(db, input.tenantId, async (trx) => {
    const referral = await loadReferral(trx, input.referralId, 'update');
    const existing = await findStage(trx, input.referralId, input.stageKey);
    if (existing) return openedFrom(existing);
    const tenant = await tenantOf(trx, input.tenantId);
    const settings = referralSettingsOf(tenant.settings);
    const now = new Date();
    const due = input.sla ? stageDeadline(now, input.sla, referral.urgency, settings, tenant.timezone) : null;
    const followUpMs = input.followUp ? stageDeadline(now, input.followUp, referral.urgency, settings, tenant.timezone).getTime() - now.getTime() : undefined;
    await ReferralStage.query(trx).insert({
      tenantId: input.tenantId,
      referralId: input.referralId,
      stageKey: input.stageKey,
      stage: input.stage,
      round: input.round,
      startedAt: now.toISOString(),
      dueAt: due?.toISOString() ?? null,
      slaMs: due ? due.getTime() - now.getTime() : null,
      details: followUpMs === undefined ? {} : { followUpMs },
    });
    await Referral.query(trx)
      .findById(input.referralId)
      .patch({ ...statusFields(input.status), stage: input.stage, stageKey: input.stageKey, stageDueAt: due?.toISOString() ?? null });
    await recordReferralHistory(trx, {
      tenantId: input.tenantId,
      referralId: input.referralId,
      eventKey: `stage:${input.stageKey}:opened`,
      fromStatus: referral.status,
      toStatus: input.status,
      stage: input.stage,
      actor: input.actor,
    });
    await recordAudit(trx, auditActor, { action: 'referral.stage-opened', entityType: 'Referral', entityId: input.referralId, patientId: referral.patientId, details: { stageKey: input.stageKey } });
    return openedFrom((await findStage(trx, input.referralId, input.stageKey))!);
  });
}

/** Ends a stage once, recording who acted and the outcome; a paused stage's pause is closed too. */
export async function endStage(db: Knex, input: EndStageInput, auditActor: Actor): Promise<void> {
  await withTenant(db, input.tenantId, async (trx) => {
    const referral = await loadReferral(trx, input.referralId, 'update');
    const stage = await findStage(trx, input.referralId, input.stageKey);
    if (!stage) throw invalid('unknown-stage');
    if (stage.endedAt) return;
    await ReferralStage.query(trx)
      .findById([input.referralId, input.stageKey])
      .patch({
        endedAt: raw('clock_timestamp()'),
        pausedMs: raw(PAUSE_ENDED_MS),
        pausedSince: null,
        outcome: input.outcome,
        reason: input.reason ?? null,
        actedByType: input.actor.type,
        actedById: input.actor.id,
        actedByRole: input.actor.role,
        details: raw('details || ?::jsonb', [JSON.stringify(input.details ?? {})]),
      });
    const current = referral.stageKey === input.stageKey;
    const status = input.status ?? referral.status;
    await Referral.query(trx)
      .findById(input.referralId)
      .patch({ ...statusFields(status), ...(current ? { stage: null, stageKey: null, stageDueAt: null } : {}) });
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
      patientId: referral.patientId,
      details: { stageKey: input.stageKey, outcome: input.outcome },
    });
  });
}

/** Stops a stage's SLA clock (the receiver waits on the referrer). */
export async function pauseStage(db: Knex, input: { tenantId: string; referralId: string; stageKey: string }): Promise<void> {
  await withTenant(db, input.tenantId, async (trx) => {
    await ReferralStage.query(trx)
      .findById([input.referralId, input.stageKey])
      .whereNull('paused_since')
      .whereNull('ended_at')
      .patch({ pausedSince: raw('clock_timestamp()') });
  });
}

/**
 * Restarts a paused stage's clock: its due time moves by the time it was paused, and it becomes the
 * referral's current stage again. A retry after the first attempt committed changes nothing.
 */
export async function resumeStage(db: Knex, input: { tenantId: string; referralId: string; stageKey: string; status: ReferralStatus; actor: ReferralActor }): Promise<OpenedStage> {
  return withTenant(db, input.tenantId, async (trx) => {
    const referral = await loadReferral(trx, input.referralId, 'update');
    const paused = await findStage(trx, input.referralId, input.stageKey);
    if (!paused) throw invalid('unknown-stage');
    if (!paused.pausedSince || paused.endedAt) return openedFrom(paused);
    const held = 'clock_timestamp() - paused_since';
    await ReferralStage.query(trx)
      .findById([input.referralId, input.stageKey])
      .patch({
        dueAt: raw(`due_at + (${held})`),
        pausedMs: raw(`paused_ms + (extract(epoch from ${held}) * 1000)::bigint`),
        pausedSince: null,
      });
    const stage = (await findStage(trx, input.referralId, input.stageKey))!;
    await Referral.query(trx)
      .findById(input.referralId)
      .patch({ ...statusFields(input.status), stage: stage.stage, stageKey: input.stageKey, stageDueAt: stage.dueAt });
    await recordReferralHistory(trx, {
      tenantId: input.tenantId,
      referralId: input.referralId,
      eventKey: `stage:${input.stageKey}:resumed:${Date.parse(paused.pausedSince)}`,
      fromStatus: referral.status,
      toStatus: input.status,
      stage: stage.stage,
      actor: input.actor,
      reason: 'info-answered',
    });
    return openedFrom(stage);
  });
}
