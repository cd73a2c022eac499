import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { type ChannelChoice, type SendMessageOutcome, type SendMessageRequest } from '../../workflows/shared/messaging.js';
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

export type AlertStatus = 'pending' | 'sent' | 'suppressed' | 'deferred' | 'failed';

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
  const existing = await withTenant(db, tenantId, async (trx) => {
    const inserted = await trx('lab_result_alerts')
      .insert({
        id: randomUUID(),
        tenant_id: tenantId,
        report_id: intent.reportId,
        idempotency_key: intent.idempotencyKey,
        purpose: intent.purpose,
        recipient_type: intent.recipient.type,
        recipient_id: intent.recipient.id,
        channel: intent.channel,
        template: intent.template,
        status: 'pending',
        reason: send ? null : 'messaging-unavailable',
      })
      .onConflict(['tenant_id', 'idempotency_key'])
      .ignore()
      .returning<{ status: AlertStatus }[]>('status');
    await recordLabEvent(trx, tenantId, {
      reportId: intent.reportId,
      key: `alert-requested:${intent.idempotencyKey}`,
      kind: 'alert-requested',
      level: intent.level ?? null,
      details: { channel: intent.channel, recipientType: intent.recipient.type, recipientId: intent.recipient.id, purpose: intent.purpose },
    });
    if (inserted[0]) return undefined;
    const row = await trx('lab_result_alerts').where({ idempotency_key: intent.idempotencyKey }).first<{ status: AlertStatus }>('status');
    return row.status;
  });
  if (existing && existing !== 'pending') return existing;
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
    await trx('lab_result_alerts')
      .where({ idempotency_key: intent.idempotencyKey })
      .update({
        status: outcome.status,
        reason: outcome.status === 'sent' ? null : outcome.reason,
        message_id: outcome.messageId,
        completed_at: trx.fn.now(),
      });
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
    await trx('lab_result_alerts')
      .where({ idempotency_key: intent.idempotencyKey })
      .update({ status: 'failed', reason: errorType.slice(0, 80), completed_at: trx.fn.now() });
    await recordLabEvent(trx, tenantId, {
      reportId: intent.reportId,
      key: `alert-outcome:${intent.idempotencyKey}`,
      kind: 'alert-not-sent',
      level: intent.level ?? null,
      details: { channel: intent.channel, status: 'failed', errorType },
    });
  });
}
