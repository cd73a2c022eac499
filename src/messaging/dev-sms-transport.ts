/**
 * In-memory SMS transport for the dev stack: needs no credentials, records every message (for a dev
 * endpoint to show), and reports it delivered at once. Sending twice with one idempotency key returns
 * the first message, the exactly-once behaviour the ledger expects of a real provider lookup.
 */
import { randomBytes } from 'node:crypto';
import { type SmsLookupQuery, type SmsSendRequest, type SmsSendResult, type SmsTransport } from './sms-transport.js';

export interface DevSmsMessage {
  providerMessageId: string;
  to: string;
  body: string;
  idempotencyKey: string;
  statusCallbackUrl?: string;
  sentAt: Date;
  status: 'delivered';
}

export class DevSmsTransport implements SmsTransport {
  private readonly sent: DevSmsMessage[] = [];
  private readonly byKey = new Map<string, DevSmsMessage>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Oldest first; a copy, so callers cannot rewrite history. */
  get messages(): readonly DevSmsMessage[] {
    return [...this.sent];
  }

  send(request: SmsSendRequest): Promise<SmsSendResult> {
    let message = this.byKey.get(request.idempotencyKey);
    if (!message) {
      message = {
        providerMessageId: `SM${randomBytes(16).toString('hex')}`,
        to: request.to,
        body: request.body,
        idempotencyKey: request.idempotencyKey,
        ...(request.statusCallbackUrl ? { statusCallbackUrl: request.statusCallbackUrl } : {}),
        sentAt: this.clock(),
        status: 'delivered',
      };
      this.sent.push(message);
      this.byKey.set(request.idempotencyKey, message);
    }
    return Promise.resolve({ providerMessageId: message.providerMessageId, status: message.status });
  }

  findByIdempotencyKey(query: SmsLookupQuery): Promise<SmsSendResult | null> {
    const message = this.byKey.get(query.idempotencyKey);
    return Promise.resolve(message ? { providerMessageId: message.providerMessageId, status: message.status } : null);
  }

  clear(): void {
    this.sent.length = 0;
    this.byKey.clear();
  }
}
