import { type Knex } from 'knex';
import { type EmailSendRequest, type EmailSendResult } from '../email-transport.js';
import { type ContentKeyring } from '../ledger/content-box.js';
import { type SenderRateLimiter } from '../sender-rate-limiter.js';
import { type SmsTransport } from '../sms-transport.js';
import { type SubjectResolvers } from '../subject-resolvers.js';

/** What the send use case needs from an email transport (SmtpEmailTransport in every environment). */
export interface EmailSender {
  send(request: EmailSendRequest): Promise<EmailSendResult>;
}

/** Per-process messaging runtime: settings from config plus the shared SMS pacing. */
export interface MessagingRuntime {
  /** Base of status-callback and action-link URLs (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  actionLinkSecret: string;
  /** Seals the rendered message at rest (the payload keyring; see ledger/content-box.ts). */
  contentKeys: ContentKeyring;
  /** 1 SMS per second per sending number: sends from one sender take turns here before their lease. */
  smsPacing: { senderKey: string; limiter: SenderRateLimiter };
  /** How long one attempt holds a message while it talks to the provider (longer than the HTTP timeout). */
  attemptLeaseMs: number;
  /** Upper bound on an action link's life (it also ends with the reply window). */
  actionLinkTtlMs: number;
  /** A text reported undelivered within this long of its acceptance goes by email instead; 0: never (status/late-failure.ts). */
  lateFailureEmailWindowMs: number;
}

/** Logger of the surrounding activity; IDs, statuses and codes only. */
export interface DeliveryLog {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface DeliveryDeps {
  db: Knex;
  sms: SmsTransport;
  email: EmailSender;
  subjectResolvers: SubjectResolvers;
  messaging: MessagingRuntime;
  clock: () => Date;
  log?: DeliveryLog;
}

export const DEFAULT_ATTEMPT_LEASE_MS = 60_000;
export const DEFAULT_ACTION_LINK_TTL_MS = 14 * 24 * 3600_000;

/** Where Twilio posts delivery status for a tenant's messages (the transport adds the row's key). */
export const statusCallbackUrl = (publicBaseUrl: string, tenantId: string) =>
  `${publicBaseUrl.replace(/\/$/, '')}/api/v1/webhooks/twilio/status?t=${encodeURIComponent(tenantId)}`;
