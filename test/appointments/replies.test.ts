import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedSenderNumber } from '../../src/messaging/inbound/sender-numbers.js';
import { appointmentWorkflowId } from '../../src/workflows/shared/appointment.js';
import { postInboundSms } from '../fakes/twilio-signature.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { book, type Clinic, createClinic, eventually, inSeconds, sleep, workflowState } from './support.js';

let stack: TestStack;
let clinic: Clinic;
let senderNumber: string;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createClinic(stack, {
    plan: [
      { id: 'confirm-sms', before: 'PT20S', channel: 'sms', template: 'appointment.confirm-request' },
      { id: 'confirm-email', before: 'PT14S', channel: 'email', template: 'appointment.confirm-request' },
      { id: 'day-of', before: 'PT6S', channel: 'email', template: 'appointment.reminder' },
    ],
  });
  senderNumber = `+1656${randomInt(1_000_000, 10_000_000)}`;
  expect(await seedSenderNumber(stack.ownerDb, clinic.tenant.id, senderNumber)).toBe('assigned');
});
afterAll(() => stack.close());

const smsTo = (mobile: string) => stack.twilio.messages.filter((m) => m.to === mobile);
const emailsTo = (email: string) => stack.smtp.messages.filter((m) => m.to.includes(email));
const reply = (from: string, body: string) =>
  postInboundSms(`${stack.baseUrl}/api/v1/webhooks/twilio/sms`, { from, to: senderNumber, body, accountSid: stack.twilio.accountSid }, stack.twilio.authToken);

async function bookSoon(seconds = 24) {
  const patient = await clinic.addPatient();
  const res = await book(stack, clinic, { patientId: patient.id, practitionerId: await clinic.addPractitioner(), startsAt: inSeconds(seconds) });
  expect(res.status).toBe(201);
  return { patient, id: res.body.id as string, startsAt: res.body.startsAt as string };
}

/**
 * Waits until the workflow has recorded the confirm request as sent: the send activity has then
 * committed the conversation that routes the patient's reply (a test answers faster than any person).
 */
async function awaitConfirmRequest(id: string, mobile: string) {
  await eventually(async () => (await workflowState(stack, clinic, id))?.plan[0]?.status === 'sent', 15_000);
  return smsTo(mobile)[0]!;
}

const appointment = (id: string) => stack.ownerDb('appointments').where({ id }).first();

async function recordHistory(name: string, appointmentId: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await stack.temporal.workflow.getHandle(appointmentWorkflowId(appointmentId)).fetchHistory();
  writeFileSync(join(__dirname, `../replay/histories/${name}.json`), JSON.stringify(history, null, 1));
}

describe('patient replies', () => {
  it('When the patient replies C, then the appointment is confirmed, acknowledged, no more confirm requests go out and the day-of reminder still does', async () => {
    const { patient, id } = await bookSoon();
    expect((await awaitConfirmRequest(id, patient.mobile)).body).toContain('Reply C to confirm');
    expect((await reply(patient.mobile, 'C')).status).toBe(200);

    await eventually(async () => (await appointment(id))?.status === 'confirmed', 10_000);
    expect(await appointment(id)).toMatchObject({ confirmed_via: 'sms' });
    // One text a day: the acknowledgement's text is held by the cap, so it goes by email at once.
    const ack = await stack.smtp.waitFor((m) => m.to.includes(patient.email) && /is confirmed/.test(m.subject), 10_000);
    expect(ack.text).toContain('Lakeside Clinic');
    await stack.smtp.waitFor((m) => m.to.includes(patient.email) && m.subject.startsWith('Appointment reminder'), 20_000);

    // The SMTP server has the reminder a moment before the send activity's result reaches the workflow.
    const state = await eventually(async () => {
      const current = await workflowState(stack, clinic, id);
      return current?.plan.find((s) => s.stepId === 'day-of')?.status !== 'planned' && current;
    }, 10_000);
    expect(state.plan.map((s) => [s.stepId, s.status, s.reason])).toEqual([
      ['confirm-sms', 'sent', undefined],
      ['confirm-email', 'skipped', 'already-confirmed'],
      ['day-of', 'sent', undefined],
    ]);
    expect(emailsTo(patient.email).filter((m) => m.subject.startsWith('Please confirm'))).toHaveLength(0);
    const audit = await stack.ownerDb('audit_events').where({ entity_id: id, action: 'appointment.confirm' }).first();
    expect(audit).toMatchObject({ actor_type: 'system', actor_id: 'appointment-workflow' });
    await recordHistory('appointment-confirm-sms', id);
  }, 60_000);

  it('When the patient uses the confirm link of the emailed request, then the appointment is confirmed and the link is used up', async () => {
    const { patient, id } = await bookSoon(18);
    const request = await stack.smtp.waitFor((m) => m.to.includes(patient.email) && m.subject.startsWith('Please confirm'), 15_000);
    const link = /(https?:\/\/\S+\/l\/[A-Za-z0-9._~-]+)/.exec(request.text)?.[1];
    expect(link).toBeDefined();
    await eventually(async () => (await workflowState(stack, clinic, id))?.plan[1]?.status === 'sent', 10_000);
    const submit = () => fetch(link!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'intent=confirm' });
    expect((await submit()).status).toBe(200);
    await eventually(async () => (await appointment(id))?.status === 'confirmed', 10_000);
    expect(await appointment(id)).toMatchObject({ confirmed_via: 'email-link' });
    await stack.smtp.waitFor((m) => m.to.includes(patient.email) && /is confirmed/.test(m.subject), 10_000);
    expect((await submit()).status).toBe(410);
  }, 60_000);

  it('When the patient replies X, then the appointment is cancelled, the slot is freed, the patient is told and nothing more is sent', async () => {
    const { patient, id, startsAt } = await bookSoon();
    await awaitConfirmRequest(id, patient.mobile);
    await reply(patient.mobile, 'X');
    expect(await stack.temporal.workflow.getHandle(appointmentWorkflowId(id)).result()).toBe('cancelled');
    expect(await appointment(id)).toMatchObject({ status: 'cancelled', cancelled_by: 'patient', cancel_reason: 'patient-reply' });
    await stack.smtp.waitFor((m) => m.to.includes(patient.email) && /is cancelled/.test(m.subject), 10_000);

    const row = await appointment(id);
    const other = await clinic.addPatient();
    const rebooked = await book(stack, clinic, { patientId: other.id, practitionerId: row.practitioner_id, startsAt });
    expect(rebooked.status).toBe(201);
    await sleep(Math.max(0, Date.parse(startsAt) - Date.now()));
    expect(emailsTo(patient.email).filter((m) => !/is cancelled/.test(m.subject))).toHaveLength(0);
    expect(smsTo(patient.mobile)).toHaveLength(1);
    await recordHistory('appointment-cancel-by-reply', id);
  }, 60_000);

  it('When the patient replies R, then a reschedule task lands in the schedulers’ inbox and the patient is told the clinic will call', async () => {
    const { patient, id } = await bookSoon();
    await awaitConfirmRequest(id, patient.mobile);
    await reply(patient.mobile, 'R');
    await stack.smtp.waitFor((m) => m.to.includes(patient.email) && /request to reschedule/.test(m.subject), 10_000);
    const task = await eventually(async () => {
      const inbox = await api(stack.baseUrl, 'GET', '/api/v1/tasks?view=pool&type=reschedule-request', { token: clinic.scheduler });
      return inbox.body.items?.find((t: { subject: { id: string } }) => t.subject.id === id);
    }, 10_000);
    expect(task).toMatchObject({ category: 'scheduling', status: 'open', patientId: patient.id, title: 'Patient asked to reschedule', workflowId: appointmentWorkflowId(id) });
    expect((await appointment(id)).status).toBe('booked');

    // The scheduler calls the patient and moves the visit: the request is answered and closes.
    const moved = await api(stack.baseUrl, 'POST', `/api/v1/appointments/${id}/reschedule`, { token: clinic.scheduler, body: { startsAt: inSeconds(3600) } });
    expect(moved.status).toBe(200);
    const closed = await eventually(async () => {
      const row = await stack.ownerDb('tasks').where({ id: task.id }).first();
      return row?.status !== 'open' && row;
    }, 10_000);
    expect(closed).toMatchObject({ status: 'cancelled' });
    await recordHistory('appointment-reschedule-request', id);
  }, 60_000);

  it('When the patient replies with anything else, then they get the help text', async () => {
    const { patient, id } = await bookSoon();
    await awaitConfirmRequest(id, patient.mobile);
    await reply(patient.mobile, 'what time is it again?');
    await stack.smtp.waitFor((m) => m.to.includes(patient.email) && /^Help with/.test(m.subject), 10_000);
    expect((await appointment(id)).status).toBe('booked');
    // The email is at the SMTP server a moment before the send's result reaches the workflow.
    const state = await eventually(async () => {
      const current = await workflowState(stack, clinic, id);
      return current?.notices.some((n) => n.kind === 'help' && n.status === 'sent') && current;
    }, 10_000);
    expect(state.notices.map((n) => [n.kind, n.status])).toEqual([
      ['help', 'skipped'],
      ['help', 'sent'],
    ]);
  }, 60_000);
});
