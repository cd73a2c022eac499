import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { fn } from 'objection';
import { withTenant } from '../../db/tenant-scope.js';
import { type ChannelChoice, type SendMessageOutcome, type SendMessageRequest } from '../../workflows/shared/messaging.js';
import { type AlertStatus, LabResultAlert } from './lab-result-alert-model.js';
import { recordLabEvent } from './timeline.js';

/** The messaging module's send function (ledgered, consent-checked); absent until it is wired in. */
export type AlertSender = (request: SendMessageRequest) => Promise<SendMessageOutcome>;

export interface AlertIntent {
  reportId: string;
  /** Stable per intended message: a retried activity never sends twice. */
  idempotencyKey: string;
  purpose: 'critical-alert' | 'patient-notice';
  recipient: { type: 'user'; id: string } | { type: 'patient'; id: string };
  channel: ChannelChoice;
  template: 'critical-result.alert' | 'result.available';
  level?: number;
}

export type { AlertStatus } from './lab-result-alert-model.js';

function requestOf(tenantId: string, intent: AlertIntent): SendMessageRequest {
  return {
    tenantId,
    idempotencyKey: intent.idempotencyKey,
    recipient: intent.recipient.type === 'user' ? { type: 'user', userId: intent.recipient.id } : { type: 'patient', patientId: intent.recipient.id },
    template: intent.template,
    channel: intent.channel,
    purpose: intent.purpose === 'critical-alert' ? 'staff-clinical-alert' : 'patient-notice',
    // The template's variables come from the report ID (a reference), never from its content.
    subject: { type: 'lab-result', id: intent.reportId },
  };
}

/**
 * Records the intent to alert (the ledger row and a timeline step), then sends it through the
 * messaging module when one is wired in. Without it the intent stays `pending` with reason
 * `messaging-unavailable`, visible on the timeline, so nothing is silently skipped.
 */
export async function requestAlert(
  db: Knex,
  tenantId: string,
  intent: AlertIntent,
  send?: AlertSender,
  options: { giveUpOnError?: boolean } = {},
): Promise<AlertStatus> {
  const status = await withTenant(db, tenantId, async (trx) => {
    await LabResultAlert.query(trx)
      .insert({
        id: randomUUID(),
        tenantId,
        reportId: intent.reportId,
        idempotencyKey: intent.idempotencyKey,
        purpose: intent.purpose,
        recipientType: intent.recipient.type,
        recipientId: intent.recipient.id,
        channel: intent.channel,
        template: intent.template,
        status: 'pending',
        reason: send ? null : 'messaging-unavailable',
      })
      .onConflict(['tenant_id', 'idempotency_key'])
      .ignore();
    await recordLabEvent(trx, tenantId, {
      reportId: intent.reportId,
      key: `alert-requested:${intent.idempotencyKey}`,
      kind: 'alert-requested',
      level: intent.level ?? null,
      details: { channel: intent.channel, recipientType: intent.recipient.type, recipientId: intent.recipient.id, purpose: intent.purpose },
    });
    // New or left pending by an earlier attempt: send it; otherwise its outcome is already known.
    const alert = await LabResultAlert.query(trx).where('idempotency_key', intent.idempotencyKey).select('status').first();
    return alert!.status;
  });
  if (status !== 'pending') return status;
  if (!send) return 'pending';
  let outcome: SendMessageOutcome;
  try {
    outcome = await send(requestOf(tenantId, intent));
  } catch (error) {
    // Retried by the activity a few times; then recorded as failed so the timeline shows it.
    if (!options.giveUpOnError) throw error;
    await recordFailure(db, tenantId, intent, (error as Error)?.name ?? 'Error');
    return 'failed';
  }
  await withTenant(db, tenantId, async (trx) => {
    await LabResultAlert.query(trx)
      .patch({
        status: outcome.status,
        reason: outcome.status === 'sent' ? null : outcome.reason,
        messageId: outcome.messageId,
        completedAt: fn.now(),
      })
      .where('idempotency_key', intent.idempotencyKey);
    await recordLabEvent(trx, tenantId, {
      reportId: intent.reportId,
      key: `alert-outcome:${intent.idempotencyKey}`,
      kind: outcome.status === 'sent' ? 'alert-sent' : 'alert-not-sent',
      level: intent.level ?? null,
      details: { channel: intent.channel, status: outcome.status, ...(outcome.status === 'sent' ? {} : { reason: outcome.reason }) },
    });
  });
  return outcome.status;
}

async function recordFailure(db: Knex, tenantId: string, intent: AlertIntent, errorType: string): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    await LabResultAlert.query(trx)
      .patch({ status: 'failed', reason: errorType.slice(0, 80), completedAt: fn.now() })
      .where('idempotency_key', intent.idempotencyKey);
    await recordLabEvent(trx, tenantId, {
      reportId: intent.reportId,
      key: `alert-outcome:${intent.idempotencyKey}`,
      kind: 'alert-not-sent',
      level: intent.level ?? null,
      details: { channel: intent.channel, status: 'failed', errorType },
    });
  });
}
