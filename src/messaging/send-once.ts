/**
 * Sending after an ambiguous attempt. The ledger records when an attempt started and whether it ended
 * ambiguously (TransientSmsError.ambiguous). Before the next attempt, ask the provider whether the
 * first one got through; only when it did not, send again.
 */
import { type SmsSendRequest, type SmsSendResult, type SmsTransport } from './sms-transport.js';

/** Slack for clock skew between us and the provider when matching creation times. */
const CLOCK_SKEW_MS = 2 * 60_000;

export interface SendOnceOptions {
  /** Start of the earlier attempt that ended ambiguously; omit on a first attempt. */
  ambiguousAttemptStartedAt?: Date;
}

export interface SendOnceResult extends SmsSendResult {
  /** True when the earlier attempt had in fact been accepted and nothing new was sent. */
  recovered: boolean;
}

export async function sendOnce(transport: SmsTransport, request: SmsSendRequest, options: SendOnceOptions = {}): Promise<SendOnceResult> {
  if (options.ambiguousAttemptStartedAt && transport.findByIdempotencyKey) {
    const earlier = await transport.findByIdempotencyKey({
      to: request.to,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
      sentAfter: new Date(options.ambiguousAttemptStartedAt.getTime() - CLOCK_SKEW_MS),
    });
    if (earlier) return { ...earlier, recovered: true };
  }
  return { ...(await transport.send(request)), recovered: false };
}
