import { type MessagingActivityDeps } from '../../src/activities/messaging.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { ledgerRow, type MessagingFixture, messagingFixture } from './support/fixture.js';

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

/** Message creates Twilio received since `since` (performance.now()). */
const createsSince = (since: number) => stack.twilio.requests.filter((r) => r.method === 'POST' && r.receivedAt >= since).length;

describe('sendMessage: permanent provider errors', () => {
  it('When Twilio says the number is invalid (21211), then the text is not retried and the email consented to goes instead', async () => {
    const patient = await fx.addPatient();
    const request = fx.request(patient.id);
    stack.twilio.failNext(1, { status: 400, code: 21211 });
    const started = performance.now();
    const outcome = await fx.send(deps, request);

    expect(outcome).toEqual({ status: 'sent', messageId: expect.any(String), channel: 'email' });
    const email = await stack.smtp.waitFor((m) => m.to.includes(patient.email));
    expect(email.subject).toBe('Your referral to Lakeside Clinic has been accepted');
    const sms = await stack.ownerDb('message_deliveries').where({ idempotency_key: request.idempotencyKey }).first();
    expect(sms).toMatchObject({ channel: 'sms', status: 'failed', reason: 'invalid-number', error_code: '21211', sent_at: null });
    expect(await ledgerRow(stack, outcome.messageId)).toMatchObject({ channel: 'email', status: 'sent', fallback_of: sms.id, idempotency_key: `${request.idempotencyKey}#email-fallback` });

    // A retry of the same request changes nothing: one refused text, one email.
    await expect(fx.send(deps, request, 2)).resolves.toEqual(outcome);
    expect(createsSince(started)).toBe(1);
    expect(stack.smtp.messages.filter((m) => m.to.includes(patient.email))).toHaveLength(1);
  });

  it('When the number is invalid and the patient did not consent to email, then the message is suppressed as invalid-number', async () => {
    const patient = await fx.addPatient({ email: 'unknown' });
    stack.twilio.failNext(1, { status: 400, code: 21211 });
    await expect(fx.send(deps, fx.request(patient.id))).resolves.toEqual({ status: 'suppressed', messageId: expect.any(String), reason: 'invalid-number' });
  });

  it('When the carrier reports the patient unsubscribed (21610), then SMS consent is revoked with its source, audited, and the email goes instead', async () => {
    const patient = await fx.addPatient();
    stack.twilio.optOut(patient.mobile);
    const outcome = await fx.send(deps, fx.request(patient.id));
    expect(outcome).toMatchObject({ status: 'sent', channel: 'email' });

    const record = await stack.ownerDb('patients').where({ id: patient.id }).first('sms_consent', 'sms_consent_source');
    expect(record).toEqual({ sms_consent: 'revoked', sms_consent_source: 'carrier:21610' });
    const events = await stack.ownerDb('patient_consent_events').where({ patient_id: patient.id });
    expect(events).toEqual([expect.objectContaining({ channel: 'sms', status: 'revoked', source: 'carrier:21610' })]);
    const audit = await stack.ownerDb('audit_events').where({ patient_id: patient.id, action: 'consent-change' });
    expect(audit).toEqual([expect.objectContaining({ actor_type: 'system', actor_id: 'messaging', outcome: 'allowed' })]);

    // The next message does not even try SMS.
    const started = performance.now();
    await expect(fx.send(deps, fx.request(patient.id, { channel: 'sms' }))).resolves.toMatchObject({ status: 'suppressed', reason: 'opted-out' });
    expect(createsSince(started)).toBe(0);
  });

  it('When Twilio refuses the request for another reason (4xx) and email is not allowed, then the activity fails without retry', async () => {
    const patient = await fx.addPatient({ email: 'revoked' });
    stack.twilio.failNext(1, { status: 400, code: 21602 });
    await expect(fx.send(deps, fx.request(patient.id))).rejects.toMatchObject({ name: 'MessageUndeliverableError' });
  });
});
