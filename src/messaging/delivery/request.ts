/**
 * The send request as the ledger sees it: validated, fingerprinted (one key, one message), and the
 * outcome a settled row answers with when the same key is asked again.
 */
import { createHash } from 'node:crypto';
import { type MessagePurpose, type SendMessageOutcome, type SendMessageRequest, type SuppressionReason } from '../../workflows/shared/messaging.js';
import { type DeliveryRow } from '../ledger/ledger-repository.js';
import { InvalidMessageRequestError } from './errors.js';
import { templateKeyOf } from './render-message.js';

/** Purposes whose SMS count against a patient's frequency cap. */
export const CAPPED_PURPOSES: readonly MessagePurpose[] = ['appointment-reminder', 'patient-notice'];

const PURPOSES: ReadonlySet<string> = new Set<MessagePurpose>(['appointment-reminder', 'patient-notice', 'staff-clinical-alert']);
const KEY = /^[\x21-\x7e]{1,200}$/;

export function validateRequest(request: SendMessageRequest): void {
  if (!KEY.test(request.idempotencyKey)) throw new InvalidMessageRequestError('idempotencyKey must be 1-200 printable ASCII characters');
  templateKeyOf(request.template);
  if (!PURPOSES.has(request.purpose)) throw new InvalidMessageRequestError('unknown message purpose');
  if (!['sms', 'email', 'preferred'].includes(request.channel)) throw new InvalidMessageRequestError('unknown channel');
  if (request.replyTo && Number.isNaN(Date.parse(request.replyTo.expiresAt))) throw new InvalidMessageRequestError('replyTo.expiresAt must be an ISO date-time');
}

/** Everything that makes two requests the same message (the key itself aside). */
export function requestHash(request: SendMessageRequest): string {
  const { recipient, template, channel, purpose, subject, replyTo } = request;
  const canonical = JSON.stringify([recipient.type, 'patientId' in recipient ? recipient.patientId : recipient.userId, template, channel, purpose, subject?.type ?? null, subject?.id ?? null, replyTo?.workflowId ?? null, replyTo?.expiresAt ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

const SUPPRESSION_REASONS: ReadonlySet<string> = new Set<SuppressionReason>(['no-consent', 'opted-out', 'no-contact', 'invalid-number', 'carrier-unsubscribed', 'recipient-inactive']);
export const isSuppressionReason = (reason: string | null): reason is SuppressionReason => reason !== null && SUPPRESSION_REASONS.has(reason);

/**
 * The answer a row gives without sending anything; undefined while it still has to be (re)tried, and
 * for a failed send, whose answer depends on the email fallback (see fallback.ts).
 */
export function settledOutcome(row: DeliveryRow): SendMessageOutcome | undefined {
  switch (row.status) {
    case 'sent':
    case 'delivered':
    case 'undelivered':
      return { status: 'sent', messageId: row.id, channel: row.channel ?? 'sms' };
    case 'failed':
      // The provider took it and failed it later (status callback): it was sent as far as the caller goes.
      return row.sentAt ? { status: 'sent', messageId: row.id, channel: row.channel ?? 'sms' } : undefined;
    case 'suppressed':
      return { status: 'suppressed', messageId: row.id, reason: isSuppressionReason(row.reason) ? row.reason : 'no-consent' };
    default:
      return undefined;
  }
}
