/**
 * SMS through Twilio's Programmable Messaging API, with the real twilio SDK.
 *
 * Twilio has no idempotency key on message create and no custom metadata on a message, so a lost reply
 * (timeout, reset, 5xx) leaves us not knowing whether the text went out. Two things make that
 * recoverable: the idempotency key rides on the StatusCallback URL (so status webhooks for an unknown
 * MessageSid can still be tied to the ledger row), and `findByIdempotencyKey` lists recent messages to
 * the same number and matches sender and body created after the first attempt began.
 */
import { withClientSpan } from '../observability/tracing.js';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { SenderRateLimiter } from './sender-rate-limiter.js';
import { isSmsStatus, type SmsLookupQuery, type SmsSendRequest, type SmsSendResult, type SmsStatus, type SmsTransport } from './sms-transport.js';
import { TwilioBaseUrlRequestClient } from './twilio-base-url-client.js';
import { mapTwilioError } from './twilio-error-mapping.js';

export type TwilioSender = { messagingServiceSid: string } | { from: string };

export interface TwilioSmsTransportOptions {
  accountSid: string;
  authToken: string;
  sender: TwilioSender;
  /** Send API calls to this base URL instead of https://api.twilio.com (wire fake, dev stand-in). */
  apiBaseUrl?: string;
  /** A fully custom SDK HTTP client; takes precedence over apiBaseUrl. */
  httpClient?: RequestClient;
  /** Shared per-process limiter; by default one per transport at 1 message per second per sender. */
  rateLimiter?: SenderRateLimiter;
  /** HTTP timeout; default 15 s. */
  timeoutMs?: number;
  edge?: string;
  region?: string;
  /** How many of the most recent messages to the number a lookup reads; default 50. */
  lookupLimit?: number;
}

/** Query parameter that carries the idempotency key on the StatusCallback URL. */
export const STATUS_CALLBACK_KEY_PARAM = 'ik';

export function statusCallbackWithKey(url: string, idempotencyKey: string): string {
  const withKey = new URL(url);
  withKey.searchParams.set(STATUS_CALLBACK_KEY_PARAM, idempotencyKey);
  return withKey.href;
}

const toStatus = (status: string): SmsStatus => (isSmsStatus(status) ? status : 'accepted');

export class TwilioSmsTransport implements SmsTransport {
  private readonly client: twilio.Twilio;
  private readonly sender: TwilioSender;
  private readonly senderKey: string;
  private readonly limiter: SenderRateLimiter;
  private readonly lookupLimit: number;

  constructor(options: TwilioSmsTransportOptions) {
    const timeout = options.timeoutMs ?? 15_000;
    // autoRetry stays off: a 429 must surface as TransientSmsError so the activity's retry policy,
    // not a hidden loop inside one attempt, decides when to try again.
    const httpClient =
      options.httpClient ??
      (options.apiBaseUrl ? new TwilioBaseUrlRequestClient(options.apiBaseUrl, { timeout, autoRetry: false }) : undefined);
    this.client = twilio(options.accountSid, options.authToken, {
      httpClient,
      timeout,
      autoRetry: false,
      edge: options.edge,
      region: options.region,
    });
    this.sender = options.sender;
    this.senderKey = 'from' in options.sender ? options.sender.from : options.sender.messagingServiceSid;
    this.limiter = options.rateLimiter ?? new SenderRateLimiter();
    this.lookupLimit = options.lookupLimit ?? 50;
  }

  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    const params = {
      to: request.to,
      body: request.body,
      ...this.sender,
      ...(request.statusCallbackUrl ? { statusCallback: statusCallbackWithKey(request.statusCallbackUrl, request.idempotencyKey) } : {}),
    };
    // A client span per provider call; its attributes name the operation, never the number or text.
    return withClientSpan('twilio messages.create', { 'rpc.system': 'twilio', 'server.address': 'api.twilio.com' }, async () => {
      try {
        const message = await this.limiter.schedule(this.senderKey, () => this.client.messages.create(params));
        return { providerMessageId: message.sid, status: toStatus(message.status) };
      } catch (error) {
        throw mapTwilioError(error);
      }
    });
  }

  /**
   * Reads the newest messages to `to` and returns ours if one is there. No DateSent filter on the
   * request: a message still queued has no date_sent yet and would be filtered out; creation time is
   * checked here instead.
   */
  async findByIdempotencyKey(query: SmsLookupQuery): Promise<SmsSendResult | null> {
    // Twilio reports creation times to the second.
    const notBefore = Math.floor(query.sentAfter.getTime() / 1000) * 1000;
    try {
      const recent = await this.client.messages.list({ to: query.to, limit: this.lookupLimit, pageSize: this.lookupLimit });
      const match = recent.find(
        (m) =>
          m.direction === 'outbound-api' &&
          m.body === query.body &&
          m.dateCreated.getTime() >= notBefore &&
          ('from' in this.sender ? m.from === this.sender.from : m.messagingServiceSid === this.sender.messagingServiceSid),
      );
      return match ? { providerMessageId: match.sid, status: toStatus(match.status) } : null;
    } catch (error) {
      throw mapTwilioError(error);
    }
  }
}
