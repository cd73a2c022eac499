/**
 * A late delivery failure: Twilio accepted a text (so the sending workflow counted it as sent), and the
 * carrier reported it undelivered or failed afterwards (a switched-off handset, a landline, carrier
 * filtering). The recipient then gets the same message by email, as a text refused at once would
 * (delivery/deliver-message.ts), when it still matters: soon enough after the text, before any reply
 * window closed, and never for a message that itself replaced another, answered a keyword or alerted staff.
 */
import { type DeliveryRow } from '../ledger/ledger-repository.js';
import { type MessagePurpose } from '../../workflows/shared/messaging.js';
import { type SmsEmailFallbackSkip } from '../../workflows/shared/sms-email-fallback.js';

/**
 * Patient messages: worth an email when the carrier drops the text. Not keyword confirmations, and not
 * staff clinical alerts, which already go by text and email at once and escalate until acknowledged.
 */
const PURPOSES_WITH_FALLBACK: ReadonlySet<string> = new Set<MessagePurpose>(['appointment-reminder', 'patient-notice']);

export type LateFailureVerdict =
  | { emailInstead: true }
  /** The reasons this rule gives; the send-time ones (not found, subject stale, no email) are the activity's. */
  | { emailInstead: false; reason: Exclude<SmsEmailFallbackSkip, 'not-found' | 'subject-no-longer-current' | 'no-email'> };

export type LateFailureRow = Pick<DeliveryRow, 'channel' | 'status' | 'sentAt' | 'fallbackOf' | 'purpose' | 'replyExpiresAt'>;

export function lateFailureVerdict(row: LateFailureRow, now: Date, windowMs: number): LateFailureVerdict {
  if (windowMs <= 0) return { emailInstead: false, reason: 'off' };
  if (row.channel !== 'sms' || (row.status !== 'undelivered' && row.status !== 'failed') || !row.sentAt) {
    return { emailInstead: false, reason: 'not-a-late-sms-failure' };
  }
  if (row.fallbackOf) return { emailInstead: false, reason: 'is-a-fallback' };
  if (!PURPOSES_WITH_FALLBACK.has(row.purpose)) return { emailInstead: false, reason: 'purpose' };
  if (now.getTime() - Date.parse(row.sentAt) > windowMs) return { emailInstead: false, reason: 'too-late' };
  if (row.replyExpiresAt && Date.parse(row.replyExpiresAt) <= now.getTime()) return { emailInstead: false, reason: 'reply-window-closed' };
  return { emailInstead: true };
}
