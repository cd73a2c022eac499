import { z } from 'zod';

/** Environment variables of the messaging module (merged into `envSchema`). */
export const messagingEnvShape = {
  /** Twilio account; unset outside production: SMS are recorded by the dev transport, not sent. */
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID (AC + 32 hex)').optional(),
  /** Signs Twilio's requests to our webhooks and authenticates our calls to Twilio. */
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  /** Send through a Messaging Service (preferred) … */
  TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must be a Messaging Service SID (MG + 32 hex)').optional(),
  /** … or from one number (E.164). */
  TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number').optional(),
  /** Another base URL for Twilio's REST API (a local stand-in); default https://api.twilio.com. */
  TWILIO_API_BASE_URL: z.url().optional(),
  /** smtp://user:pass@host:587 or smtps://…:465; unset outside production: an in-process catcher. */
  SMTP_URL: z.url().refine((u) => /^smtps?:\/\//.test(u), 'must start with smtp:// or smtps://').optional(),
  /** RFC 5322 From of every email, e.g. "Lakeside Clinic" <no-reply@lakeside.example>. */
  EMAIL_FROM: z.string().min(3).optional(),
  /** HMAC key of patient action links (≥ 32 characters); generated in development. */
  ACTION_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * A text the carrier reports undelivered or failed after Twilio accepted it goes by email instead
   * (when the recipient consented to email) if the report comes within this many minutes; 0 turns it off.
   */
  SMS_LATE_FAILURE_EMAIL_WINDOW_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(240),
};

type MessagingEnv = { [K in keyof typeof messagingEnvShape]?: z.infer<(typeof messagingEnvShape)[K]> } & { NODE_ENV: string };

export interface MessagingConfig {
  /** Unset: SMS go to the dev transport (never in production). */
  twilio: { accountSid: string; authToken: string; sender: { messagingServiceSid: string } | { from: string }; apiBaseUrl: string | undefined } | undefined;
  /** Validates X-Twilio-Signature; unset: every webhook call is refused. */
  twilioWebhookAuthToken: string | undefined;
  /** Unset: an in-process SMTP catcher (never in production). */
  smtp: { host: string; port: number; secure: boolean; auth: { user: string; pass: string } | undefined } | undefined;
  emailFrom: string;
  /** Right-hand side of Message-IDs: EMAIL_FROM's domain. */
  messageIdDomain: string;
  actionLinkSecret: string;
  /** How long after a text was accepted a late delivery failure still sends it by email; 0: never. */
  lateFailureEmailWindowMs: number;
}

const DEV_EMAIL_FROM = '"SmartClinix (dev)" <no-reply@smartclinix.localhost>';

function parseSmtpUrl(raw: string): MessagingConfig['smtp'] {
  const url = new URL(raw);
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: user ? { user, pass: decodeURIComponent(url.password) } : undefined,
  };
}

/** Resolves and checks the messaging settings; problems are appended, one line per bad variable. */
export function resolveMessagingConfig(env: MessagingEnv, actionLinkSecret: string | undefined, problems: string[]): MessagingConfig {
  const production = env.NODE_ENV === 'production';
  let twilio: MessagingConfig['twilio'];
  if (env.TWILIO_ACCOUNT_SID) {
    if (!env.TWILIO_AUTH_TOKEN) problems.push('TWILIO_AUTH_TOKEN: required with TWILIO_ACCOUNT_SID');
    if (!env.TWILIO_MESSAGING_SERVICE_SID && !env.TWILIO_FROM_NUMBER) {
      problems.push('TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER: one is required with TWILIO_ACCOUNT_SID');
    }
    const sender = env.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID } : { from: env.TWILIO_FROM_NUMBER ?? '' };
    twilio = { accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN ?? '', sender, apiBaseUrl: env.TWILIO_API_BASE_URL };
  } else if (production) {
    problems.push('TWILIO_ACCOUNT_SID: required in production');
  }
  if (production && !env.SMTP_URL) problems.push('SMTP_URL: required in production');
  if (production && !env.EMAIL_FROM) problems.push('EMAIL_FROM: required in production');
  if (production && !actionLinkSecret) problems.push('ACTION_LINK_SECRET: required in production');

  const emailFrom = env.EMAIL_FROM ?? DEV_EMAIL_FROM;
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(emailFrom)?.[1];
  if (!domain) problems.push('EMAIL_FROM: must hold an address such as "Clinic" <no-reply@clinic.example>');
  return {
    twilio,
    twilioWebhookAuthToken: env.TWILIO_AUTH_TOKEN,
    smtp: env.SMTP_URL ? parseSmtpUrl(env.SMTP_URL) : undefined,
    emailFrom,
    messageIdDomain: domain ?? 'invalid',
    actionLinkSecret: actionLinkSecret ?? '',
    lateFailureEmailWindowMs: (env.SMS_LATE_FAILURE_EMAIL_WINDOW_MINUTES ?? 240) * 60_000,
  };
}
