import { type Knex } from 'knex';
import { type ReferralStatus } from '../../workflows/shared/referral.js';

/** Who changed a referral: a user (ID and role) or the platform. IDs only. */
export interface ReferralActor {
  type: 'user' | 'system';
  id: string;
  role: string;
}

export interface HistoryEntry {
  tenantId: string;
  referralId: string;
  /** Stable per change (`created`, `stage:triage-1:ended`…): a retried activity records it once. */
  eventKey: string;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  stage?: string | null;
  actor: ReferralActor;
  reason?: string | null;
  details?: Record<string, unknown>;
}

/** Appends a status change to the referral's history (append-only for the app role). */
export async function recordReferralHistory(trx: Knex.Transaction, entry: HistoryEntry): Promise<void> {
  await trx('referral_history')
    .insert({
      tenant_id: entry.tenantId,
      referral_id: entry.referralId,
      event_key: entry.eventKey,
      from_status: entry.fromStatus,
      to_status: entry.toStatus,
      stage: entry.stage ?? null,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      actor_role: entry.actor.role,
      reason: entry.reason ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .onConflict(['referral_id', 'event_key'])
    .ignore();
}

/** The referral-status columns that record when a status was first reached (the CMS50 milestones). */
const MILESTONES: Partial<Record<ReferralStatus, string>> = {
  sent: 'sent_at',
  received: 'received_at',
  accepted: 'accepted_at',
  declined: 'declined_at',
  scheduled: 'booked_at',
  seen: 'seen_at',
  'report-received': 'report_received_at',
  closed: 'closed_at',
  cancelled: 'cancelled_at',
  rerouted: 'cancelled_at',
};

/** Columns for a move to `status`: the status, its first-reached timestamp, a new version. */
export function statusColumns(trx: Knex.Transaction, status: ReferralStatus): Record<string, unknown> {
  const milestone = MILESTONES[status];
  return {
    status,
    ...(milestone ? { [milestone]: trx.raw('coalesce(??, clock_timestamp())', [milestone]) } : {}),
    version: trx.raw('version + 1'),
    updated_at: trx.fn.now(),
  };
}
