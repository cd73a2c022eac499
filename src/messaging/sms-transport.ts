/**
 * The one interface workflows' activities use to send an SMS, whatever the provider.
 *
 * Exactly-once is the delivery ledger's job (the lead's Postgres table keyed by `idempotencyKey`); a
 * transport only has to (1) send, (2) tell permanent from transient failures, flagging the ambiguous
 * ones where the message may have gone out, and (3) where it can, find a message a lost reply left behind.
 */

/** Twilio's outbound message statuses (https://www.twilio.com/docs/messaging/api/message-resource). */
export type SmsStatus =
  | 'accepted'
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'canceled'
  | 'read';

export interface SmsSendRequest {
  /** E.164 number the patient gave us. */
  to: string;
  body: string;
  /** Stable per logical message (the ledger row's ID); never PHI. */
  idempotencyKey: string;
  /** Provider status webhook; the transport may add the idempotency key to its query string. */
  statusCallbackUrl?: string;
}

export interface SmsSendResult {
  providerMessageId: string;
  status: SmsStatus;
}

export interface SmsLookupQuery {
  to: string;
  body: string;
  idempotencyKey: string;
  /** When the first (ambiguous) attempt started, with a little slack for clock skew. */
  sentAfter: Date;
}

export interface SmsTransport {
  send(request: SmsSendRequest): Promise<SmsSendResult>;
  /** Finds a message an earlier, ambiguous attempt already handed to the provider; null when none. */
  findByIdempotencyKey?(query: SmsLookupQuery): Promise<SmsSendResult | null>;
}

const STATUSES: ReadonlySet<string> = new Set<SmsStatus>([
  'accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'read',
]);

export function isSmsStatus(value: unknown): value is SmsStatus {
  return typeof value === 'string' && STATUSES.has(value);
}
