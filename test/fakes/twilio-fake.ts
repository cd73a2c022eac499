/**
 * A Twilio REST API fake at the wire protocol: a local HTTP server (port 0) that the real twilio SDK
 * talks to through TwilioBaseUrlRequestClient. It implements what the messaging module uses:
 *   POST /2010-04-01/Accounts/{Sid}/Messages.json   create (form-encoded To, From | MessagingServiceSid, Body, StatusCallback)
 *   GET  /2010-04-01/Accounts/{Sid}/Messages.json   list (To, From, DateSent, DateSent<, DateSent>, Page, PageSize)
 *   GET  /2010-04-01/Accounts/{Sid}/Messages/{MessageSid}.json
 * with HTTP Basic auth checked against the account SID and auth token, Twilio error JSON, and scripted
 * failures for the next N creates. Status callbacks are POSTed signed, like Twilio's.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type FakeTwilioMessage, filterMessages, listPage, messageJson, messagesPath, newSid } from './twilio-fake-messages.js';
import { postSignedForm } from './twilio-signature.js';

export type { FakeTwilioMessage } from './twilio-fake-messages.js';

export type ScriptedFailure =
  | { status: 429 | 500 | 502 | 503 }
  | { status: 400 | 404; code: number }
  /** Destroy the socket without answering; with `afterCreate` the message is created first (a lost reply). */
  | { dropConnection: true; afterCreate: boolean };

export interface FakeRequestRecord {
  method: string;
  path: string;
  /** performance.now() when the request arrived. */
  receivedAt: number;
  status: number | 'dropped';
}

const ERROR_TEXT: Readonly<Record<number, string>> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  21211: "The 'To' number is not a valid phone number.",
  21602: 'Message body is required.',
  21603: "A 'From' or 'MessagingServiceSid' parameter is required to send a message.",
  21604: "A 'To' phone number is required.",
  21610: 'Attempt to send to unsubscribed recipient',
  21614: "'To' number is not a valid mobile number",
};

export class TwilioFake {
  private readonly created: FakeTwilioMessage[] = [];
  private readonly log: FakeRequestRecord[] = [];
  private readonly failures: ScriptedFailure[] = [];
  private readonly optedOut = new Set<string>();
  private server!: Server;
  baseUrl = '';

  private constructor(
    readonly accountSid: string,
    readonly authToken: string,
  ) {}

  static async start(options: { accountSid?: string; authToken?: string } = {}): Promise<TwilioFake> {
    const fake = new TwilioFake(options.accountSid ?? newSid('AC'), options.authToken ?? 'fake-auth-token');
    fake.server = createServer((req, res) => fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  get messages(): readonly FakeTwilioMessage[] {
    return [...this.created];
  }

  get requests(): readonly FakeRequestRecord[] {
    return [...this.log];
  }

  /** The next `count` message creates fail this way, then creates succeed again. */
  failNext(count: number, failure: ScriptedFailure): void {
    for (let i = 0; i < count; i += 1) this.failures.push(failure);
  }

  /** Sends to this number answer 21610, as after the recipient replied STOP. */
  optOut(phoneNumber: string): void {
    this.optedOut.add(phoneNumber);
  }

  /** Moves a message on (e.g. 'sent', 'delivered', 'undelivered') and POSTs its signed status callback. */
  async advance(sid: string, status: string, errorCode: number | null = null): Promise<number | undefined> {
    const message = this.created.find((m) => m.sid === sid);
    if (!message) throw new Error(`unknown message ${sid}`);
    const now = new Date();
    Object.assign(message, { status, errorCode, dateUpdated: now, dateSent: message.dateSent ?? (status === 'sent' || status === 'delivered' ? now : null) });
    if (!message.statusCallback) return undefined;
    const params: Record<string, string> = {
      AccountSid: this.accountSid, ApiVersion: '2010-04-01', From: message.from ?? '', To: message.to,
      MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status,
      ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
      ...(errorCode !== null ? { ErrorCode: String(errorCode) } : {}),
    };
    return (await postSignedForm(message.statusCallback, params, this.authToken)).status;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const receivedAt = performance.now();
    const url = new URL(req.url ?? '/', this.baseUrl);
    const record: FakeRequestRecord = { method: req.method ?? '', path: url.pathname, receivedAt, status: 0 };
    this.log.push(record);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        record.status = status;
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      const fail = (status: number, code: number) =>
        send(status, { code, message: ERROR_TEXT[code] ?? 'Error', more_info: `https://www.twilio.com/docs/errors/${code}`, status });
      const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
      if (req.headers.authorization !== expected || !url.pathname.startsWith(`/2010-04-01/Accounts/${this.accountSid}/`)) return fail(401, 20003);
      const base = messagesPath(this.accountSid);
      if (req.method === 'GET' && url.pathname === `${base}.json`) {
        return send(200, listPage(this.accountSid, filterMessages(this.created, url.searchParams), url.searchParams));
      }
      const one = req.method === 'GET' ? this.created.find((m) => url.pathname === `${base}/${m.sid}.json`) : undefined;
      if (one) return send(200, messageJson(one));
      if (req.method !== 'POST' || url.pathname !== `${base}.json`) return fail(404, 20404);

      const failure = this.failures.shift();
      if (failure && 'dropConnection' in failure) {
        if (failure.afterCreate) this.create(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        record.status = 'dropped';
        return void req.socket.destroy();
      }
      if (failure) return fail(failure.status, 'code' in failure ? failure.code : failure.status === 429 ? 20429 : 20500);
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To');
      if (!to) return fail(400, 21604);
      if (!form.get('Body')) return fail(400, 21602);
      if (!form.get('From') && !form.get('MessagingServiceSid')) return fail(400, 21603);
      if (!/^\+[1-9]\d{6,14}$/.test(to)) return fail(400, 21211);
      if (this.optedOut.has(to)) return fail(400, 21610);
      return send(201, messageJson(this.create(form)));
    });
  }

  private create(form: URLSearchParams): FakeTwilioMessage {
    const now = new Date();
    const viaService = !form.get('From');
    const message: FakeTwilioMessage = {
      sid: newSid('SM'),
      accountSid: this.accountSid,
      to: form.get('To') ?? '',
      from: form.get('From'),
      messagingServiceSid: form.get('MessagingServiceSid'),
      body: form.get('Body') ?? '',
      // Twilio answers 'accepted' when a Messaging Service still has to pick the sender.
      status: viaService ? 'accepted' : 'queued',
      statusCallback: form.get('StatusCallback'),
      errorCode: null,
      dateCreated: now,
      dateSent: null,
      dateUpdated: now,
    };
    this.created.push(message);
    return message;
  }
}
