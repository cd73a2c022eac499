import { TwilioFake } from '../../test/fakes/twilio-fake.js';
import { sendOnce } from './send-once.js';
import { SenderRateLimiter } from './sender-rate-limiter.js';
import { PermanentSmsError, TransientSmsError } from './sms-errors.js';
import { TwilioSmsTransport, type TwilioSmsTransportOptions } from './twilio-sms-transport.js';

const FROM = '+15005550006';
const PATIENT = '+15551230001';
const BODY = 'Lakeside Clinic: your appointment Tue, Jun 10 at 9:30 AM is confirmed. Thank you. Reply STOP to opt out.';

let fake: TwilioFake;
beforeEach(async () => {
  fake = await TwilioFake.start();
});
afterEach(() => fake.close());

function transport(overrides: Partial<TwilioSmsTransportOptions> = {}): TwilioSmsTransport {
  return new TwilioSmsTransport({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    sender: { from: FROM },
    apiBaseUrl: fake.baseUrl,
    rateLimiter: new SenderRateLimiter({ minIntervalMs: 0 }),
    timeoutMs: 5000,
    ...overrides,
  });
}

const request = (extra: Partial<{ to: string; body: string; statusCallbackUrl: string }> = {}) => ({
  to: PATIENT,
  body: BODY,
  idempotencyKey: 'msg-0001',
  ...extra,
});

describe('TwilioSmsTransport against the wire fake', () => {
  it('When Twilio accepts the message, then the SID and status come back and Twilio saw To, From, Body and the keyed callback', async () => {
    const result = await transport().send(request({ statusCallbackUrl: 'https://api.example.org/webhooks/twilio/status?t=abc' }));
    expect(result).toEqual({ providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued' });
    expect(fake.messages).toEqual([
      expect.objectContaining({
        sid: result.providerMessageId,
        to: PATIENT,
        from: FROM,
        body: BODY,
        statusCallback: 'https://api.example.org/webhooks/twilio/status?t=abc&ik=msg-0001',
      }),
    ]);
  });

  it('When sending through a Messaging Service, then the service SID is sent and Twilio answers accepted', async () => {
    const result = await transport({ sender: { messagingServiceSid: 'MG00000000000000000000000000000001' } }).send(request());
    expect(result.status).toBe('accepted');
    expect(fake.messages[0]).toMatchObject({ from: null, messagingServiceSid: 'MG00000000000000000000000000000001' });
  });

  it('When Twilio answers 429 once, then the first try is a non-ambiguous TransientSmsError and the retry gets 201', async () => {
    fake.failNext(1, { status: 429 });
    const sms = transport();
    const first = await sms.send(request()).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TransientSmsError);
    expect(first).toMatchObject({ name: 'TransientSmsError', ambiguous: false, httpStatus: 429, providerCode: 20429 });
    await expect(sms.send(request())).resolves.toMatchObject({ status: 'queued' });
    expect(fake.requests.map((r) => r.status)).toEqual([429, 201]);
  });

  it('When Twilio answers 500, then the TransientSmsError is flagged ambiguous', async () => {
    fake.failNext(1, { status: 500 });
    await expect(transport().send(request())).rejects.toMatchObject({ name: 'TransientSmsError', ambiguous: true, httpStatus: 500 });
  });

  it('When the number is invalid (21211), then a PermanentSmsError says so without the number', async () => {
    const error = await transport().send(request({ to: '+1-not-a-number' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentSmsError);
    expect(error).toMatchObject({ reason: 'invalid-number', providerCode: 21211, httpStatus: 400, optedOut: false });
    expect((error as Error).message).not.toContain('not-a-number');
  });

  it('When the recipient has opted out at the carrier (21610), then the PermanentSmsError is flagged optedOut', async () => {
    fake.optOut(PATIENT);
    await expect(transport().send(request())).rejects.toMatchObject({ name: 'PermanentSmsError', reason: 'opted-out', optedOut: true, providerCode: 21610 });
  });

  it('When the number is not mobile (21614) or auth fails (401), then the failure is permanent', async () => {
    fake.failNext(1, { status: 400, code: 21614 });
    await expect(transport().send(request())).rejects.toMatchObject({ reason: 'not-mobile', providerCode: 21614 });
    await expect(transport({ authToken: 'wrong' }).send(request())).rejects.toMatchObject({ reason: 'rejected', httpStatus: 401, providerCode: 20003 });
  });

  it('When the reply is lost after Twilio created the message, then the retry finds it instead of sending twice', async () => {
    fake.failNext(1, { dropConnection: true, afterCreate: true });
    const sms = transport();
    const startedAt = new Date();
    await expect(sms.send(request())).rejects.toMatchObject({ name: 'TransientSmsError', ambiguous: true, networkCode: 'ECONNRESET' });
    const retry = await sendOnce(sms, request(), { ambiguousAttemptStartedAt: startedAt });
    expect(retry).toEqual({ providerMessageId: fake.messages[0]!.sid, status: 'queued', recovered: true });
    expect(fake.messages).toHaveLength(1);
  });

  it('When the connection dropped before Twilio created anything, then the retry sends it once', async () => {
    fake.failNext(1, { dropConnection: true, afterCreate: false });
    const sms = transport();
    const startedAt = new Date();
    await expect(sms.send(request())).rejects.toMatchObject({ ambiguous: true });
    const retry = await sendOnce(sms, request(), { ambiguousAttemptStartedAt: startedAt });
    expect(retry.recovered).toBe(false);
    expect(fake.messages.map((m) => m.sid)).toEqual([retry.providerMessageId]);
  });

  it('When the lookup sees only other bodies or older messages to the number, then it finds nothing', async () => {
    const sms = transport();
    await sms.send(request({ body: 'another message. Reply STOP to opt out.' }));
    const query = { to: PATIENT, body: BODY, idempotencyKey: 'msg-0001' };
    await expect(sms.findByIdempotencyKey({ ...query, sentAfter: new Date(Date.now() - 60_000) })).resolves.toBeNull();
    await sms.send(request());
    await expect(sms.findByIdempotencyKey({ ...query, sentAfter: new Date(Date.now() + 5_000) })).resolves.toBeNull();
    await expect(sms.findByIdempotencyKey({ ...query, sentAfter: new Date(Date.now() - 60_000) })).resolves.toMatchObject({ status: 'queued' });
  });

  it('When Twilio cannot be reached at all, then the TransientSmsError is not ambiguous', async () => {
    const sms = transport();
    await fake.close();
    await expect(sms.send(request())).rejects.toMatchObject({ name: 'TransientSmsError', ambiguous: false, networkCode: 'ECONNREFUSED' });
    fake = await TwilioFake.start(); // afterEach closes a running fake
  });

  it('When an edge and region are configured, then the rewritten host still reaches the API', async () => {
    await expect(transport({ edge: 'sydney', region: 'au1' }).send(request())).resolves.toMatchObject({ status: 'queued' });
  });

  it('When four texts leave one number at once, then Twilio receives them in order, spaced by the rate limit', async () => {
    const interval = 250;
    const sms = transport({ rateLimiter: new SenderRateLimiter({ minIntervalMs: interval }) });
    const bodies = ['one', 'two', 'three', 'four'].map((w) => `${w}. Reply STOP to opt out.`);
    await Promise.all(bodies.map((body, i) => sms.send({ to: PATIENT, body, idempotencyKey: `k${i}` })));
    expect(fake.messages.map((m) => m.body)).toEqual(bodies);
    const arrivals = fake.requests.map((r) => r.receivedAt);
    // Send starts are >= 250 ms apart; an arrival gap can only shrink by the earlier request's loopback
    // latency (well under a millisecond), so 30 ms of slack is generous without hiding a missing limiter.
    for (let i = 1; i < arrivals.length; i += 1) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThanOrEqual(interval - 30);
  });
});
