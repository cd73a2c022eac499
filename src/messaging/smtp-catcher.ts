/**
 * An in-process SMTP server that keeps what it receives in memory: the dev stack's mailbox and the
 * tests' email fake at the real protocol (smtp-server + mailparser).
 *
 * No AUTH and no STARTTLS, so it binds to loopback by default and must never face a network.
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtEmail {
  envelopeFrom: string | null;
  envelopeTo: string[];
  from: string | null;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
  receivedAt: Date;
}

export interface SmtpCatcherOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Oldest messages are dropped beyond this, so a long dev session cannot grow without bound. */
  maxMessages?: number;
}

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? '')).filter((a) => a !== '');

export class SmtpCatcher {
  private readonly caught: CaughtEmail[] = [];
  private readonly waiters = new Set<(email: CaughtEmail) => void>();
  private readonly server: SMTPServer;
  private readonly maxMessages: number;
  host = '';
  port = 0;

  private constructor(options: SmtpCatcherOptions) {
    this.maxMessages = options.maxMessages ?? 1000;
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.store({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: mail.from?.value[0]?.address ?? null,
              to: addresses(mail.to),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: mail.html === false ? null : (mail.html ?? null),
              messageId: mail.messageId ?? null,
              receivedAt: new Date(),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
  }

  static async start(options: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
    const catcher = new SmtpCatcher(options);
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      catcher.server.once('error', reject);
      catcher.server.listen(options.port ?? 0, host, () => resolve());
    });
    catcher.host = host;
    catcher.port = (catcher.server.server.address() as AddressInfo).port;
    return catcher;
  }

  /** Oldest first. */
  get messages(): readonly CaughtEmail[] {
    return [...this.caught];
  }

  /** The first message (already received or arriving within `timeoutMs`) that matches. */
  waitFor(predicate: (email: CaughtEmail) => boolean = () => true, timeoutMs = 5000): Promise<CaughtEmail> {
    const already = this.caught.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter = (email: CaughtEmail) => {
        if (!predicate(email)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(email);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching email within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  clear(): void {
    this.caught.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private store(email: CaughtEmail): void {
    this.caught.push(email);
    if (this.caught.length > this.maxMessages) this.caught.shift();
    for (const waiter of [...this.waiters]) waiter(email);
  }
}
