/**
 * Email over SMTP with nodemailer.
 *
 * The Message-ID is derived from the idempotency key, so a message sent twice after an ambiguous
 * failure carries the same Message-ID both times and the duplicate can be spotted downstream (mail
 * stores, our own ledger). SMTP failures map to typed errors by reply class: 5xx permanent, 4xx and
 * connection failures transient. Messages carry codes only: SMTP replies often quote the address.
 */
import { withClientSpan } from '../observability/tracing.js';
import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';

export interface EmailSendRequest {
  to: string;
  subject: string;
  text: string;
  html: string;
  idempotencyKey: string;
}

export interface EmailSendResult {
  messageId: string;
}

export interface SmtpEmailTransportOptions {
  host: string;
  port: number;
  /** Implicit TLS (port 465). */
  secure?: boolean;
  /** Refuse to send unless STARTTLS succeeds; set for any non-loopback relay. */
  requireTLS?: boolean;
  auth?: { user: string; pass: string };
  /** RFC 5322 From, e.g. '"Lakeside Clinic" <no-reply@lakeside.example>'. */
  from: string;
  /** Right-hand side of generated Message-IDs, e.g. 'mail.smartclinix.example'. */
  messageIdDomain: string;
  timeoutMs?: number;
}

export class PermanentEmailError extends Error {
  override readonly name = 'PermanentEmailError';
  constructor(
    readonly responseCode: number | undefined,
    readonly errorCode: string | undefined,
  ) {
    super(`Email rejected permanently (SMTP ${responseCode ?? '-'}, ${errorCode ?? '-'})`);
  }
}

export class TransientEmailError extends Error {
  override readonly name = 'TransientEmailError';
  constructor(
    readonly responseCode: number | undefined,
    readonly errorCode: string | undefined,
  ) {
    super(`Email send failed transiently (SMTP ${responseCode ?? '-'}, ${errorCode ?? '-'})`);
  }
}

// Local failures that no retry fixes: configuration, credentials, content rules.
const PERMANENT_CODES = new Set(['ECONFIG', 'ENOAUTH', 'EAUTH', 'EFILEACCESS', 'EURLACCESS', 'EMAXRECIPIENTS', 'EREQUIRETLS']);

export function mapSmtpError(error: unknown): PermanentEmailError | TransientEmailError {
  const { responseCode, code } = (typeof error === 'object' && error !== null ? error : {}) as { responseCode?: unknown; code?: unknown };
  const reply = typeof responseCode === 'number' ? responseCode : undefined;
  const errorCode = typeof code === 'string' ? code : undefined;
  if (reply !== undefined && reply >= 500) return new PermanentEmailError(reply, errorCode);
  if (reply !== undefined && reply >= 400) return new TransientEmailError(reply, errorCode);
  if (errorCode !== undefined && PERMANENT_CODES.has(errorCode)) return new PermanentEmailError(reply, errorCode);
  return new TransientEmailError(reply, errorCode);
}

export function messageIdFor(idempotencyKey: string, domain: string): string {
  // Hashed: the key may hold characters a Message-ID cannot, and need not be readable by mail servers.
  const hash = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);
  return `<sc.${hash}@${domain}>`;
}

export class SmtpEmailTransport {
  private readonly transporter: Transporter;

  constructor(private readonly options: SmtpEmailTransportOptions) {
    if (!/^[A-Za-z0-9.-]+$/.test(options.messageIdDomain)) throw new RangeError('messageIdDomain must be a host name');
    const timeout = options.timeoutMs ?? 30_000;
    const smtp: SMTPTransportOptions = {
      host: options.host,
      port: options.port,
      secure: options.secure ?? false,
      requireTLS: options.requireTLS ?? false,
      ...(options.auth ? { auth: options.auth } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      // Our messages never embed files or remote content; refuse both so no template can.
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    this.transporter = nodemailer.createTransport(smtp);
  }

  async send(request: EmailSendRequest): Promise<EmailSendResult> {
    const messageId = messageIdFor(request.idempotencyKey, this.options.messageIdDomain);
    return withClientSpan('smtp sendMail', { 'network.protocol.name': 'smtp', 'server.address': this.options.host }, async () => {
      try {
        await this.transporter.sendMail({
          from: this.options.from,
          to: request.to,
          subject: request.subject,
          text: request.text,
          html: request.html,
          messageId,
        });
        return { messageId };
      } catch (error) {
        throw mapSmtpError(error);
      }
    });
  }

  close(): void {
    this.transporter.close();
  }
}
