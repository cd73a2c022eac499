import { type MessagingActivityDeps } from '../../src/activities/messaging.js';
import { openContent } from '../../src/messaging/ledger/content-box.js';
import { type TestStack, startTestStack, TEST_SENDER_NUMBER } from '../support/stack.js';
import { ledgerRow, type MessagingFixture, messagingFixture } from './support/fixture.js';

/** Noon in Chicago (CST): inside every send window. */
const NOON = () => new Date('2027-03-10T18:00:00Z');

let stack: TestStack;
let fx: MessagingFixture;
let deps: MessagingActivityDeps;
beforeAll(async () => {
  stack = await startTestStack();
  fx = await messagingFixture(stack);
  deps = await fx.deps({ clock: NOON });
});
afterAll(async () => {
  await fx.close();
  await stack.close();
});

const textsTo = (to: string) => stack.twilio.messages.filter((m) => m.to === to);

describe('sendMessage: exactly once', () => {
  it('When an SMS is sent, then Twilio gets it once with the keyed status callback, and asking again with the key sends nothing', async () => {
    const patient = await fx.addPatient();
    const request = fx.request(patient.id);
    const first = await fx.send(deps, request);
    const again = await fx.send(deps, request, 2);

    expect(first).toEqual({ status: 'sent', messageId: expect.any(String), channel: 'sms' });
    expect(again).toEqual(first);
    const texts = textsTo(patient.mobile);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ from: TEST_SENDER_NUMBER, body: expect.stringMatching(/^Lakeside Clinic: .*Reply STOP to opt out\.$/) });
    expect(texts[0]!.statusCallback).toBe(`${stack.baseUrl}/api/v1/webhooks/twilio/status?t=${fx.tenant.id}&ik=${first.messageId}`);

    const row = await ledgerRow(stack, first.messageId);
    expect(row).toMatchObject({ status: 'sent', channel: 'sms', provider_message_id: texts[0]!.sid, attempts: 1, pending_attempt_at: null, lease_until: null });
    expect(row.content_sealed).not.toContain(patient.mobile.slice(1));
    expect(openContent(stack.config.payloadKeys, row.id, row.content_sealed)).toEqual({ channel: 'sms', to: patient.mobile, body: texts[0]!.body });
  });

  it('When the same key comes with a different message, then it is refused and nothing is sent', async () => {
    const patient = await fx.addPatient();
    const request = fx.request(patient.id);
    await fx.send(deps, request);
    await expect(fx.send(deps, { ...request, template: 'referral.declined' })).rejects.toMatchObject({ name: 'MessageKeyConflictError' });
    expect(textsTo(patient.mobile)).toHaveLength(1);
  });

  it('When Twilio answers 500 and then 201, then the retry asks Twilio first and exactly one message exists', async () => {
    const patient = await fx.addPatient();
    const request = fx.request(patient.id);
    stack.twilio.failNext(1, { status: 500 });
    await expect(fx.send(deps, request, 1)).rejects.toMatchObject({ name: 'TransientSmsError', ambiguous: true, httpStatus: 500 });
    const pending = await stack.ownerDb('message_deliveries').where({ idempotency_key: request.idempotencyKey }).first();
    expect(pending).toMatchObject({ status: 'queued', error_code: '20500', provider_message_id: null, lease_until: null });
    expect(pending.pending_attempt_at).toBeInstanceOf(Date);

    const lookupsBefore = stack.twilio.requests.filter((r) => r.method === 'GET').length;
    const outcome = await fx.send(deps, request, 2);
    expect(outcome).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(stack.twilio.requests.filter((r) => r.method === 'GET').length).toBe(lookupsBefore + 1);
    expect(textsTo(patient.mobile)).toHaveLength(1);
    expect(await ledgerRow(stack, outcome.messageId)).toMatchObject({ status: 'sent', attempts: 2, pending_attempt_at: null, error_code: null });
  });

  it('When the connection drops after Twilio created the message (a lost reply), then the retry finds that message and sends nothing new', async () => {
    const patient = await fx.addPatient();
    const request = fx.request(patient.id);
    stack.twilio.failNext(1, { dropConnection: true, afterCreate: true });
    await expect(fx.send(deps, request, 1)).rejects.toMatchObject({ name: 'TransientSmsError', ambiguous: true });
    expect(textsTo(patient.mobile)).toHaveLength(1);

    const outcome = await fx.send(deps, request, 2);
    expect(outcome).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(textsTo(patient.mobile)).toHaveLength(1);
    expect((await ledgerRow(stack, outcome.messageId)).provider_message_id).toBe(textsTo(patient.mobile)[0]!.sid);
  });

  it('When Twilio answers 429, then the message certainly did not go, and the retry sends it without a lookup', async () => {
    const patient = await fx.addPatient();
    const request = fx.request(patient.id);
    stack.twilio.failNext(1, { status: 429 });
    await expect(fx.send(deps, request, 1)).rejects.toMatchObject({ name: 'TransientSmsError', ambiguous: false, httpStatus: 429 });
    const row = await stack.ownerDb('message_deliveries').where({ idempotency_key: request.idempotencyKey }).first();
    expect(row).toMatchObject({ status: 'queued', pending_attempt_at: null, error_code: '20429' });
    await expect(fx.send(deps, request, 2)).resolves.toMatchObject({ status: 'sent' });
    expect(textsTo(patient.mobile)).toHaveLength(1);
  });

  it('When two attempts at one message run at the same time, then one sends and the other is told to retry later', async () => {
    const patient = await fx.addPatient();
    const request = fx.request(patient.id);
    const results = await Promise.allSettled([fx.send(deps, request), fx.send(deps, request)]);
    expect(textsTo(patient.mobile)).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    expect(rejected.every((r) => (r.reason as Error).name === 'MessageDeliveryInProgressError')).toBe(true);
    await expect(fx.send(deps, request, 3)).resolves.toMatchObject({ status: 'sent' });
  });

  it('When several texts leave one number at once, then they reach Twilio at least a second apart', async () => {
    const paced = await fx.deps({ clock: NOON, smsMinIntervalMs: 1000 });
    const patients = await Promise.all([fx.addPatient(), fx.addPatient(), fx.addPatient()]);
    const started = performance.now();
    await Promise.all(patients.map((p) => fx.send(paced, fx.request(p.id))));
    const creates = stack.twilio.requests.filter((r) => r.method === 'POST' && r.receivedAt >= started).map((r) => r.receivedAt);
    expect(creates).toHaveLength(3);
    // Slots start a second apart (sender-rate-limiter.test.ts checks the spacing exactly, on a fake
    // clock). Here each request is timed where Twilio receives it, after the ledger write inside its
    // slot, whose duration varies with the machine's load: up to 100 ms of that jitter is allowed per
    // gap. Unpaced, the three would arrive within a few milliseconds of each other.
    for (let i = 1; i < creates.length; i += 1) expect(creates[i]! - creates[i - 1]!).toBeGreaterThanOrEqual(900);
  });
});
