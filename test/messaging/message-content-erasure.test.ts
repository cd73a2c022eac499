import { type MessagingActivityDeps } from '../../src/activities/messaging.js';
import { type SendMessageRequest } from '../../src/workflows/shared/messaging.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { ledgerRow, type MessagingFixture, messagingFixture } from './support/fixture.js';

/**
 * An erasure request reaches the contact data in the notification log: the sealed text of each
 * message (address and body) goes, the log entry stays, and a message still being sent keeps its
 * text until its attempt settles, so delivery stays exactly-once.
 */
const NOON = () => new Date('2027-03-10T18:00:00Z');

let stack: TestStack;
let fx: MessagingFixture;
let deps: MessagingActivityDeps;
let patient: { id: string; mobile: string; email: string };
let inFlight: SendMessageRequest;
let inFlightId: string;
let emailedId: string;
let neighbourMessageId: string;

beforeAll(async () => {
  stack = await startTestStack();
  fx = await messagingFixture(stack);
  deps = await fx.deps({ clock: NOON });
  patient = await fx.addPatient();
  // A text whose provider call ended ambiguously (500): the retry must look it up by its sealed text.
  inFlight = fx.request(patient.id);
  stack.twilio.failNext(1, { status: 500 });
  await expect(fx.send(deps, inFlight, 1)).rejects.toMatchObject({ name: 'TransientSmsError', ambiguous: true });
  inFlightId = (await stack.ownerDb('message_deliveries').where({ idempotency_key: inFlight.idempotencyKey }).first()).id as string;
  emailedId = (await fx.send(deps, fx.request(patient.id, { template: 'referral.declined', channel: 'email' }))).messageId;
  const neighbour = await fx.addPatient();
  neighbourMessageId = (await fx.send(deps, fx.request(neighbour.id, { channel: 'email' }))).messageId;
});
afterAll(async () => {
  await fx.close();
  await stack.close();
});

const erase = (token: string, patientId: string, body: unknown = { reference: 'DSR-2027-0042' }) =>
  api(stack.baseUrl, 'POST', `/api/v1/patients/${patientId}/message-content-erasure`, { token, body });
const communications = async () => (await api(stack.baseUrl, 'GET', `/api/v1/patients/${patient.id}/communications`, { token: fx.tenant.token('admin') })).body;

describe('erasing the contact data in a patient’s notification log', () => {
  it('When an administrator carries out the request, then settled messages lose their text, keep their log entry, and the one in flight keeps its text', async () => {
    const before = await communications();
    const emailedBefore = await ledgerRow(stack, emailedId);
    expect(emailedBefore.content_sealed).toEqual(expect.any(String));

    const res = await erase(fx.tenant.token('admin'), patient.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ patientId: patient.id, erased: 1, inFlight: 1, erasedAt: expect.any(String) });

    const emailed = await ledgerRow(stack, emailedId);
    expect(emailed.content_sealed).toBeNull();
    const { content_sealed: _gone, updated_at: _touched, ...kept } = emailed;
    const { content_sealed: _was, updated_at: _was2, ...keptBefore } = emailedBefore;
    expect(kept).toEqual(keptBefore);
    expect(await communications()).toEqual(before);
    expect((await ledgerRow(stack, inFlightId)).content_sealed).toEqual(expect.any(String));
    expect((await ledgerRow(stack, neighbourMessageId)).content_sealed).toEqual(expect.any(String));

    const event = await stack.ownerDb('audit_events').where({ request_id: res.headers.get('x-request-id'), action: 'erase' }).first();
    expect(event).toMatchObject({ entity_type: 'MessageContent', patient_id: patient.id, outcome: 'allowed', details: { reference: 'DSR-2027-0042', erased: 1, inFlight: 1 } });
  });

  it('When the message in flight is retried, then it is still sent exactly once, and a repeated request then erases its text too', async () => {
    const retried = await fx.send(deps, inFlight, 2);
    expect(retried).toMatchObject({ status: 'sent', messageId: inFlightId });
    expect(stack.twilio.messages.filter((m) => m.to === patient.mobile)).toHaveLength(1);

    const again = await erase(fx.tenant.token('admin'), patient.id, { reference: 'DSR-2027-0042' });
    expect(again.body).toMatchObject({ erased: 1, inFlight: 0 });
    expect((await ledgerRow(stack, inFlightId)).content_sealed).toBeNull();
    // The development outbox, which opens sealed texts, has nothing left of this patient.
    const outbox = await api(stack.baseUrl, 'GET', '/api/v1/dev/outbox?limit=200', { token: fx.tenant.token('admin') });
    expect(outbox.body.items.map((i: { id: string }) => i.id)).not.toEqual(expect.arrayContaining([inFlightId]));
    expect(outbox.body.items.map((i: { id: string }) => i.id)).toContain(neighbourMessageId);
  });

  it('When the request has no reference, or staff other than an administrator send it, then nothing is erased', async () => {
    const unreferenced = await erase(fx.tenant.token('admin'), patient.id, {});
    expect(unreferenced.status).toBe(400);
    expect(unreferenced.headers.get('content-type')).toContain('application/problem+json');
    for (const role of ['nurse', 'physician', 'ops', 'patient'] as const) {
      expect({ role, status: (await erase(fx.tenant.token(role), patient.id)).status }).toEqual({ role, status: 403 });
    }
    expect((await ledgerRow(stack, neighbourMessageId)).content_sealed).toEqual(expect.any(String));
  });
});
