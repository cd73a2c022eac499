/**
 * Builds the messaging transports and runtime from config, once per worker process (and for the test
 * stack the same way). Without Twilio credentials (never in production) SMS are recorded by the dev
 * transport and reported delivered; without SMTP_URL email goes to an in-process SMTP catcher.
 */
import { type Config } from '../../config/config.js';
import { DEFAULT_ACTION_LINK_TTL_MS, DEFAULT_ATTEMPT_LEASE_MS, type MessagingRuntime } from '../delivery/deps.js';
import { DevSmsTransport } from '../dev-sms-transport.js';
import { SmtpEmailTransport } from '../email-transport.js';
import { SenderRateLimiter } from '../sender-rate-limiter.js';
import { type SmsTransport } from '../sms-transport.js';
import { SmtpCatcher } from '../smtp-catcher.js';
import { TwilioSmsTransport } from '../twilio-sms-transport.js';

export interface MessagingBuildOptions {
  /** Spacing of sends per sending number; default 1000 ms (a US long code). */
  smsMinIntervalMs?: number;
  attemptLeaseMs?: number;
}

export interface BuiltMessaging {
  sms: SmsTransport;
  email: SmtpEmailTransport;
  messaging: MessagingRuntime;
  /** Where dev email lands when SMTP_URL is unset. */
  devMailbox: SmtpCatcher | undefined;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function smsTransport(config: Config): { sms: SmsTransport; senderKey: string } {
  const twilio = config.messaging.twilio;
  if (!twilio) {
    if (config.env === 'production') throw new Error('Twilio is not configured');
    return { sms: new DevSmsTransport(), senderKey: 'dev-sms' };
  }
  const sms = new TwilioSmsTransport({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    sender: twilio.sender,
    apiBaseUrl: twilio.apiBaseUrl,
    // Pacing happens in the send use case, before an attempt claims its message (delivery/provider-call.ts).
    rateLimiter: new SenderRateLimiter({ minIntervalMs: 0 }),
  });
  return { sms, senderKey: 'from' in twilio.sender ? twilio.sender.from : twilio.sender.messagingServiceSid };
}

async function emailTransport(config: Config): Promise<{ email: SmtpEmailTransport; devMailbox: SmtpCatcher | undefined }> {
  let smtp = config.messaging.smtp;
  let devMailbox: SmtpCatcher | undefined;
  if (!smtp) {
    if (config.env === 'production') throw new Error('SMTP is not configured');
    devMailbox = await SmtpCatcher.start();
    smtp = { host: devMailbox.host, port: devMailbox.port, secure: false, auth: undefined };
  }
  const email = new SmtpEmailTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    // Anything beyond this machine must be reached over TLS: the messages are PHI.
    requireTLS: !smtp.secure && !LOOPBACK.has(smtp.host),
    ...(smtp.auth ? { auth: smtp.auth } : {}),
    from: config.messaging.emailFrom,
    messageIdDomain: config.messaging.messageIdDomain,
  });
  return { email, devMailbox };
}

export async function buildMessaging(config: Config, options: MessagingBuildOptions = {}): Promise<BuiltMessaging> {
  const { sms, senderKey } = smsTransport(config);
  const { email, devMailbox } = await emailTransport(config);
  return {
    sms,
    email,
    devMailbox,
    messaging: {
      publicBaseUrl: config.http.publicBaseUrl,
      actionLinkSecret: config.messaging.actionLinkSecret,
      contentKeys: config.payloadKeys,
      smsPacing: { senderKey, limiter: new SenderRateLimiter({ minIntervalMs: options.smsMinIntervalMs ?? 1000 }) },
      attemptLeaseMs: options.attemptLeaseMs ?? DEFAULT_ATTEMPT_LEASE_MS,
      actionLinkTtlMs: DEFAULT_ACTION_LINK_TTL_MS,
      lateFailureEmailWindowMs: config.messaging.lateFailureEmailWindowMs,
    },
    async close() {
      email.close();
      await devMailbox?.close();
    },
  };
}
