import { type Knex } from 'knex';
import { fn, type PartialModelObject, raw } from 'objection';
import { type ReferralStatus } from '../../workflows/shared/referral.js';
import { Referral, ReferralHistoryEntry } from './referral-model.js';

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
  await ReferralHistoryEntry.query(trx)
    .insert({
      tenantId: entry.tenantId,
      referralId: entry.referralId,
      eventKey: entry.eventKey,
      fromStatus: entry.fromStatus,
      toStatus: entry.toStatus,
      stage: entry.stage ?? null,
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      actorRole: entry.actor.role,
      reason: entry.reason ?? null,
      details: entry.details ?? {},
    })
    .onConflict(['referral_id', 'event_key'])
    .ignore();
}

/** The referral columns that record when a status was first reached (the CMS50 milestones). */
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

/** The referral fields for a move to `status`: the status, its first-reached timestamp, a new version. */
export function statusFields(status: ReferralStatus): PartialModelObject<Referral> {
  const milestone = MILESTONES[status];
  return {
    status,
    ...(milestone ? { [Referral.columnNameToPropertyName(milestone)]: raw('coalesce(??, clock_timestamp())', [milestone]) } : {}),
    version: raw('version + 1'),
    updatedAt: fn.now(),
  };
}
