/**
 * The ledger's delivery statuses and the one rule for moving between them.
 *
 *   queued ──► deferred ──► queued …          (held by quiet hours or the frequency cap, asked again later)
 *   queued | deferred ──► sent                (the provider accepted it: we hold its message ID)
 *   queued | deferred ──► delivered           (a provider that reports delivery at once, e.g. the dev transport)
 *   queued | deferred ──► failed | suppressed (refused by the provider / never sent: no consent, no contact…)
 *   sent ──► delivered | undelivered | failed (the provider's status callbacks)
 *
 * delivered, undelivered, failed and suppressed are terminal: nothing moves them again (a database
 * trigger refuses it too). Provider callbacks may arrive out of order or before our own write of the
 * provider's answer, so a move to a status of lower rank is ignored rather than refused.
 */
import { type SmsStatus } from '../sms-transport.js';

export const DELIVERY_STATUSES = ['queued', 'deferred', 'sent', 'delivered', 'failed', 'undelivered', 'suppressed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<DeliveryStatus> = new Set(['delivered', 'failed', 'undelivered', 'suppressed']);

export const isTerminal = (status: DeliveryStatus): boolean => TERMINAL_STATUSES.has(status);

const RANK: Readonly<Record<DeliveryStatus, number>> = {
  queued: 0,
  deferred: 0,
  sent: 1,
  delivered: 2,
  failed: 2,
  undelivered: 2,
  suppressed: 2,
};

/** Where suppression may happen: only before the provider has the message. */
const ONLY_FROM_UNSENT: ReadonlySet<DeliveryStatus> = new Set(['suppressed', 'deferred', 'queued']);

/**
 * The status a row in `current` takes when asked to move to `target`; `current` itself when the move
 * is a no-op or would go backwards (a late callback, a replay). Never leaves a terminal status.
 */
export function nextStatus(current: DeliveryStatus, target: DeliveryStatus): DeliveryStatus {
  if (isTerminal(current)) return current;
  if (ONLY_FROM_UNSENT.has(target) && RANK[current] > 0) return current;
  return RANK[target] >= RANK[current] ? target : current;
}

/** Twilio's message status as a ledger status; undefined for statuses that change nothing for us. */
export function fromTwilioStatus(status: SmsStatus): DeliveryStatus | undefined {
  switch (status) {
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    case 'sent':
    case 'sending':
    case 'queued':
    case 'accepted':
    case 'scheduled':
      return 'sent';
    default:
      return undefined;
  }
}
