import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import twilio from 'twilio';
import { TwilioFake } from '../../test/fakes/twilio-fake.js';
import { postInboundSms, postSignedForm, twilioSignature } from '../../test/fakes/twilio-signature.js';
import { TwilioBaseUrlRequestClient } from './twilio-base-url-client.js';

const FROM = '+15005550006';

let fake: TwilioFake;
let sdk: twilio.Twilio;
beforeEach(async () => {
  fake = await TwilioFake.start();
  sdk = twilio(fake.accountSid, fake.authToken, { httpClient: new TwilioBaseUrlRequestClient(fake.baseUrl) });
});
afterEach(() => fake.close());

/** A webhook receiver that checks X-Twilio-Signature the way our webhook route must: 403 when bad. */
async function webhookReceiver(authToken: string) {
  const received: Array<{ url: string; params: Record<string, string>; valid: boolean }> = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${req.url ?? ''}`;
      const params = Object.fromEntries(new URLSearchParams(raw));
      const valid = twilio.validateRequest(authToken, String(req.headers['x-twilio-signature'] ?? ''), url, params);
      received.push({ url, params, valid });
      res.writeHead(valid ? 204 : 403).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the Twilio wire fake, driven by the real SDK', () => {
  it('When messages are listed with a small page size, then the SDK follows next_page_uri through the fake', async () => {
    for (let i = 0; i < 5; i += 1) await sdk.messages.create({ to: '+15551230001', from: FROM, body: `m${i}` });
    await sdk.messages.create({ to: '+15551230002', from: FROM, body: 'other' });
    const listed = await sdk.messages.list({ to: '+15551230001', pageSize: 2 });
    expect(listed.map((m) => m.body).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(3); // pages of 2, 2 and 1
  });

  it('When listing with DateSentAfter, then only messages already sent on or after it are returned', async () => {
    const sent = await sdk.messages.create({ to: '+15551230001', from: FROM, body: 'sent one' });
    await sdk.messages.create({ to: '+15551230001', from: FROM, body: 'still queued' });
    await fake.advance(sent.sid, 'sent');
    const before = new Date(Date.now() - 60_000);
    expect((await sdk.messages.list({ to: '+15551230001', dateSentAfter: before })).map((m) => m.body)).toEqual(['sent one']);
    expect(await sdk.messages.list({ to: '+15551230001', dateSentAfter: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  it('When one message is fetched by SID, then its current status is returned', async () => {
    const created = await sdk.messages.create({ to: '+15551230001', from: FROM, body: 'x' });
    await fake.advance(created.sid, 'delivered');
    await expect(sdk.messages(created.sid).fetch()).resolves.toMatchObject({ sid: created.sid, status: 'delivered' });
  });

  it('When a request has no valid Basic auth, then the fake answers 401 with Twilio error 20003', async () => {
    const res = await fetch(`${fake.baseUrl}/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
    expect(res.status).toBe(401);
    await expect(res.json()).resolves.toEqual({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
  });
});

describe('X-Twilio-Signature helpers', () => {
  const url = 'https://api.example.org/webhooks/twilio/status?ik=msg-1';
  const params = { MessageSid: 'SM0123', MessageStatus: 'delivered', To: '+15551230001' };

  it('When the signature is computed for the exact URL and parameters, then the SDK validates it', () => {
    expect(twilio.validateRequest('token-1', twilioSignature('token-1', url, params), url, params)).toBe(true);
  });

  it('When a parameter, the URL or the token differs, then validation fails', () => {
    const signature = twilioSignature('token-1', url, params);
    expect(twilio.validateRequest('token-1', signature, url, { ...params, MessageStatus: 'failed' })).toBe(false);
    expect(twilio.validateRequest('token-1', signature, url.replace('msg-1', 'msg-2'), params)).toBe(false);
    expect(twilio.validateRequest('token-2', signature, url, params)).toBe(false);
  });

  it('When the fake advances a message, then it POSTs a signed status callback carrying the idempotency key', async () => {
    const receiver = await webhookReceiver(fake.authToken);
    try {
      const created = await sdk.messages.create({ to: '+15551230001', from: FROM, body: 'x', statusCallback: `${receiver.base}/status?ik=msg-9` });
      await expect(fake.advance(created.sid, 'delivered')).resolves.toBe(204);
      expect(receiver.received).toEqual([
        {
          url: `${receiver.base}/status?ik=msg-9`,
          params: expect.objectContaining({ MessageSid: created.sid, MessageStatus: 'delivered', AccountSid: fake.accountSid }),
          valid: true,
        },
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('When a webhook is posted with a forged signature, then the receiver answers 403', async () => {
    const receiver = await webhookReceiver(fake.authToken);
    try {
      const forged = await postSignedForm(`${receiver.base}/inbound`, { Body: 'STOP' }, fake.authToken, { signature: 'AAAA' });
      expect(forged.status).toBe(403);
      const genuine = await postInboundSms(`${receiver.base}/inbound`, { from: '+15551230001', to: FROM, body: 'STOP', accountSid: fake.accountSid }, fake.authToken);
      expect(genuine.status).toBe(204);
      expect(receiver.received.map((r) => r.valid)).toEqual([false, true]);
    } finally {
      await receiver.close();
    }
  });
});
