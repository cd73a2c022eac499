import { randomBytes } from 'node:crypto';
import { type MessagingActivityDeps } from '../../src/activities/messaging.js';
import { inboundSmsParams, postSignedForm, twilioSignature } from '../fakes/twilio-signature.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { ledgerRow, type MessagingFixture, messagingFixture, uniqueMobile } from './support/fixture.js';

const NOON = () => new Date('2027-03-10T18:00:00Z');

let stack: TestStack;
let fx: MessagingFixture;
let deps: MessagingActivityDeps;
let inboundUrl: string;
beforeAll(async () => {
  stack = await startTestStack();
  fx = await messagingFixture(stack);
  deps = await fx.deps({ clock: NOON });
  inboundUrl = `${stack.baseUrl}/api/v1/webhooks/twilio/sms`;
});
afterAll(async () => {
  await fx.close();
  await stack.close();
});

const sid = () => `SM${randomBytes(16).toString('hex')}`;
const params = (from: string, body: string, messageSid = sid(), to = fx.senderNumber) =>
  inboundSmsParams({ from, to, body, accountSid: stack.twilio.accountSid, messageSid });
const text = async (from: string, body: string, messageSid?: string) => {
  const res = await postSignedForm(inboundUrl, params(from, body, messageSid), stack.twilio.authToken);
  return { status: res.status, type: res.headers.get('content-type'), twiml: await res.text() };
};
const consentEvents = (patientId: string) => stack.ownerDb('patient_consent_events').where({ patient_id: patientId }).orderBy('recorded_at');

describe('Twilio webhooks: signatures', () => {
  it('When the signature is wrong, missing or made for another URL, then both webhooks answer 403 and nothing is processed', async () => {
    const patient = await fx.addPatient();
    const form = params(patient.mobile, 'STOP');
    const statusUrl = `${stack.baseUrl}/api/v1/webhooks/twilio/status?t=${fx.tenant.id}`;
    const statusForm = { MessageSid: sid(), MessageStatus: 'delivered' };
    const answers = await Promise.all([
      postSignedForm(inboundUrl, form, stack.twilio.authToken, { signature: 'bm90LWEtc2lnbmF0dXJl' }),
      postSignedForm(inboundUrl, form, 'another-auth-token'),
      postSignedForm(statusUrl, statusForm, stack.twilio.authToken, { signature: 'bm90LWEtc2lnbmF0dXJl' }),
      fetch(inboundUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() }),
      // Signed for the same path on another host: the signature covers the public URL.
      fetch(inboundUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(stack.twilio.authToken, 'https://evil.example/api/v1/webhooks/twilio/sms', form) },
        body: new URLSearchParams(form).toString(),
      }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
    expect(await consentEvents(patient.id)).toHaveLength(0);
    expect(await stack.ownerDb('inbound_messages').where({ message_sid: form.MessageSid })).toHaveLength(0);
  });
});

describe('Twilio webhooks: inbound texts', () => {
  it('When a patient texts STOP, then SMS consent is revoked at once with its source, the one confirmation is answered, and a replay is processed once', async () => {
    const patient = await fx.addPatient();
    const messageSid = sid();
    const first = await text(patient.mobile, 'Stop', messageSid);

    expect(first.status).toBe(200);
    expect(first.type).toMatch(/^text\/xml/);
    expect(first.twiml).toMatch(/<Message action="[^"]+\/api\/v1\/webhooks\/twilio\/status\?t=[^"]+&amp;ik=[^"]+">Lakeside Clinic: you are unsubscribed and will get no more texts from this number\. Reply START to resubscribe\.<\/Message>/);
    expect(await stack.ownerDb('patients').where({ id: patient.id }).first('sms_consent', 'sms_consent_source')).toEqual({ sms_consent: 'revoked', sms_consent_source: 'sms-keyword:STOP' });
    expect(await consentEvents(patient.id)).toEqual([expect.objectContaining({ channel: 'sms', status: 'revoked', source: 'sms-keyword:STOP' })]);

    const replay = await text(patient.mobile, 'Stop', messageSid);
    expect(replay.status).toBe(200);
    expect(replay.twiml).not.toContain('<Message');
    expect(await consentEvents(patient.id)).toHaveLength(1);
    expect(await stack.ownerDb('inbound_messages').where({ message_sid: messageSid })).toEqual([
      expect.objectContaining({ patient_id: patient.id, intent: 'opt-out', keyword: 'STOP', handled_as: 'opt-out' }),
    ]);
  });

  it('When a patient texts STOP, then a message scheduled afterwards is suppressed; after START it is sent', async () => {
    const patient = await fx.addPatient();
    await text(patient.mobile, 'UNSUBSCRIBE');
    await expect(fx.send(deps, fx.request(patient.id, { channel: 'sms' }))).resolves.toMatchObject({ status: 'suppressed', reason: 'opted-out' });

    const start = await text(patient.mobile, 'start');
    expect(start.twiml).toContain('Lakeside Clinic: you will get appointment texts again. Reply HELP for help.');
    expect(await consentEvents(patient.id)).toEqual([
      expect.objectContaining({ status: 'revoked', source: 'sms-keyword:UNSUBSCRIBE' }),
      expect.objectContaining({ status: 'granted', source: 'sms-keyword:START' }),
    ]);
    await expect(fx.send(deps, fx.request(patient.id, { channel: 'sms' }))).resolves.toMatchObject({ status: 'sent', channel: 'sms' });
    expect(stack.twilio.messages.filter((m) => m.to === patient.mobile)).toHaveLength(1);
  });

  it('When a parent texts STOP, then every patient reached at that number is opted out', async () => {
    const parent = uniqueMobile();
    const rp = { responsible_party_name: 'Test Parent', responsible_party_relationship: 'father', responsible_party_mobile_e164: parent };
    const [a, b] = await Promise.all([fx.addPatient({ birth_date: '2015-01-01', ...rp }), fx.addPatient({ birth_date: '2018-01-01', ...rp })]);
    await text(parent, 'stop texting me please');
    for (const child of [a, b]) {
      expect(await consentEvents(child.id)).toEqual([expect.objectContaining({ status: 'revoked', source: 'sms-reasonable-means' })]);
    }
  });

  it('When a patient texts HELP, or a reply nobody waits for, then the help text answers; an opted-out number gets no answer to free text', async () => {
    const patient = await fx.addPatient();
    const help = await text(patient.mobile, 'HELP');
    expect(help.twiml).toContain('Lakeside Clinic appointment texts. Reply C to confirm, X to cancel, R to reschedule. Help: +1 555 010 0100. Reply STOP to opt out.');
    const unanswered = await text(patient.mobile, 'C');
    expect(unanswered.twiml).toContain('Lakeside Clinic appointment texts.');
    const optedOut = await fx.addPatient({ sms: 'revoked' });
    const ignored = await text(optedOut.mobile, 'hello?');
    expect(ignored.twiml).not.toContain('<Message');
    const rows = await stack.ownerDb('inbound_messages').whereIn('patient_id', [patient.id, optedOut.id]).orderBy('received_at');
    expect(rows.map((r) => [r.intent, r.handled_as])).toEqual([['help', 'help'], ['confirm', 'unanswered'], ['free-text', 'ignored']]);
    expect(rows.every((r) => !Object.values(r).includes('hello?'))).toBe(true);
  });

  it('When a text arrives at a number no tenant owns, then nothing is recorded and Twilio gets an empty answer', async () => {
    const res = await postSignedForm(inboundUrl, params(uniqueMobile(), 'STOP', sid(), '+19995550123'), stack.twilio.authToken);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('<Message');
  });
});

describe('Twilio webhooks: delivery status', () => {
  it('When Twilio reports delivered, then the ledger records it; a late "sent" and a replayed callback change nothing', async () => {
    const patient = await fx.addPatient();
    const outcome = await fx.send(deps, fx.request(patient.id));
    const message = stack.twilio.messages.find((m) => m.to === patient.mobile)!;

    expect(await stack.twilio.advance(message.sid, 'delivered')).toBe(204);
    expect(await ledgerRow(stack, outcome.messageId)).toMatchObject({ status: 'delivered', provider_status: 'delivered', completed_at: expect.any(Date) });
    expect(await stack.twilio.advance(message.sid, 'sent')).toBe(204);
    expect(await stack.twilio.advance(message.sid, 'delivered')).toBe(204);
    expect(await ledgerRow(stack, outcome.messageId)).toMatchObject({ status: 'delivered', provider_status: 'delivered' });
    expect(await stack.ownerDb('twilio_status_events').where({ message_sid: message.sid })).toHaveLength(2);
  });

  it('When Twilio reports undelivered with an error code, then the ledger keeps the code and the message stays undelivered', async () => {
    const patient = await fx.addPatient();
    const outcome = await fx.send(deps, fx.request(patient.id));
    const message = stack.twilio.messages.find((m) => m.to === patient.mobile)!;
    await stack.twilio.advance(message.sid, 'undelivered', 30003);
    await stack.twilio.advance(message.sid, 'delivered');
    expect(await ledgerRow(stack, outcome.messageId)).toMatchObject({ status: 'undelivered', error_code: '30003' });
  });

  it('When the create reply was lost but Twilio calls back, then the callback ties the message to its row by key, and the retry sends nothing', async () => {
    const patient = await fx.addPatient();
    const request = fx.request(patient.id);
    stack.twilio.failNext(1, { dropConnection: true, afterCreate: true });
    await expect(fx.send(deps, request)).rejects.toMatchObject({ name: 'TransientSmsError' });
    const message = stack.twilio.messages.find((m) => m.to === patient.mobile)!;
    await stack.twilio.advance(message.sid, 'delivered');
    const row = await stack.ownerDb('message_deliveries').where({ idempotency_key: request.idempotencyKey }).first();
    expect(row).toMatchObject({ status: 'delivered', provider_message_id: message.sid });
    await expect(fx.send(deps, request, 2)).resolves.toEqual({ status: 'sent', messageId: row.id, channel: 'sms' });
    expect(stack.twilio.messages.filter((m) => m.to === patient.mobile)).toHaveLength(1);
  });

  it("When Twilio reports on the STOP confirmation it sent from our TwiML, then the reply's ledger row records it", async () => {
    const patient = await fx.addPatient();
    const stop = await text(patient.mobile, 'STOP');
    const action = /action="([^"]+)"/.exec(stop.twiml)![1]!.replace(/&amp;/g, '&');
    const replySid = sid();
    const res = await postSignedForm(action, { MessageSid: replySid, MessageStatus: 'delivered', AccountSid: stack.twilio.accountSid }, stack.twilio.authToken);
    expect(res.status).toBe(204);
    const reply = await stack.ownerDb('message_deliveries').where({ patient_id: patient.id, purpose: 'keyword-response' }).first();
    expect(reply).toMatchObject({ template: 'messaging.opt-out-confirmation', status: 'delivered', provider_message_id: replySid });
  });
});
