import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { metricsRegistry } from '../../src/observability/metrics.js';
import { appointmentWorkflowId } from '../../src/workflows/shared/appointment.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { book, type Clinic, createClinic, eventually, inSeconds, sleep, workflowState, zoneAtLocalHour } from './support.js';

let stack: TestStack;
let clinic: Clinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  // The default plan's shape (email, SMS asking to confirm, SMS) in seconds; the last step is an email
  // so the one-text-a-day cap does not hold it in a test that runs within a minute.
  clinic = await createClinic(stack, {
    plan: [
      { id: 'early', before: 'PT14S', channel: 'email', template: 'appointment.reminder' },
      { id: 'confirm', before: 'PT10S', channel: 'sms', template: 'appointment.confirm-request' },
      { id: 'late', before: 'PT5S', channel: 'email', template: 'appointment.reminder' },
    ],
  });
});
afterAll(() => stack.close());

const smsTo = (mobile: string) => stack.twilio.messages.filter((m) => m.to === mobile);
const emailsTo = (email: string) => stack.smtp.messages.filter((m) => m.to.includes(email));
const reminderEmails = (email: string) => emailsTo(email).filter((m) => m.subject.startsWith('Appointment reminder'));

async function recordHistory(name: string, appointmentId: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await stack.temporal.workflow.getHandle(appointmentWorkflowId(appointmentId)).fetchHistory();
  writeFileSync(join(__dirname, `../replay/histories/${name}.json`), JSON.stringify(history, null, 1));
}

/** This clinic's `smartclinix_reminders_total` samples by outcome, read from the worker's registry (in process here). */
async function reminderCounts(tenantId: string): Promise<Record<string, number>> {
  const metric = await metricsRegistry.getSingleMetric('smartclinix_reminders_total')!.get();
  const mine = metric.values.filter((v) => v.labels.tenant === tenantId);
  return Object.fromEntries(mine.map((v) => [String(v.labels.outcome), v.value]));
}

async function settled(id: string) {
  return stack.temporal.workflow.getHandle(appointmentWorkflowId(id)).result();
}

describe('reminder plan', () => {
  it('When an appointment is booked, then each planned reminder goes out through the fakes at its time, audited as a system action', async () => {
    const patient = await clinic.addPatient();
    const startsAt = inSeconds(18);
    const res = await book(stack, clinic, { patientId: patient.id, startsAt });
    expect(res.status).toBe(201);
    expect(res.status).toBe(201);
    const id = res.body.id as string;

    const first = await stack.smtp.waitFor((m) => m.to.includes(patient.email) && m.subject.startsWith('Appointment reminder'), 15_000);
    expect(first.text).toContain('Lakeside Clinic');
    const sms = await eventually(() => smsTo(patient.mobile)[0], 15_000);
    expect(sms.body).toContain('Reply C to confirm, X to cancel, R to reschedule');
    await eventually(() => reminderEmails(patient.email).length === 2, 15_000);
    const sentAt = Date.now();
    expect(sentAt).toBeLessThan(Date.parse(startsAt) + 3000);

    const state = await workflowState(stack, clinic, id);
    expect(state!.plan.map((s) => [s.stepId, s.status, s.sentChannel])).toEqual([
      ['early', 'sent', 'email'],
      ['confirm', 'sent', 'sms'],
      ['late', 'sent', 'email'],
    ]);
    // Each outcome is audited by an activity after the workflow records it: the last may still be on its way.
    const audit = await eventually(async () => {
      const rows = await stack.ownerDb('audit_events').where({ entity_id: id, action: 'appointment.reminder' }).orderBy('seq');
      return rows.length >= 3 && rows;
    }, 10_000);
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({ actor_type: 'system', actor_id: 'appointment-workflow', workflow_id: appointmentWorkflowId(id), patient_id: patient.id });
    expect(JSON.stringify(audit.map((a) => a.details))).not.toContain(patient.mobile);
    // The clinic's first appointment: three steps planned, three sent, labelled by tenant only.
    expect(await eventually(async () => {
      const counts = await reminderCounts(clinic.tenant.id);
      return (counts.sent ?? 0) >= 3 && counts;
    }, 10_000)).toEqual({ planned: 3, sent: 3 });
    await recordHistory('appointment-reminders', id);
  }, 60_000);

  it('When staff move the appointment mid-plan, then the plan is recomputed at once, the patient is told, and a step already sent is not repeated', async () => {
    const patient = await clinic.addPatient();
    const res = await book(stack, clinic, { patientId: patient.id, practitionerId: await clinic.addPractitioner(), startsAt: inSeconds(16) });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    await stack.smtp.waitFor((m) => m.to.includes(patient.email) && m.subject.startsWith('Appointment reminder'), 10_000);

    // 12 s from now: "early" (14 s before) is behind for the new time and stays sent; the rest are ahead.
    const newStart = inSeconds(12);
    const moved = await api(stack.baseUrl, 'POST', `/api/v1/appointments/${id}/reschedule`, { token: clinic.scheduler, body: { startsAt: newStart } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ startsAt: new Date(newStart).toISOString(), version: 2, status: 'booked' });
    const plan = moved.body.workflow.state.plan as { stepId: string; status: string; dueAt: string }[];
    expect(plan.map((s) => [s.stepId, s.status])).toEqual([
      ['early', 'sent'],
      ['confirm', 'planned'],
      ['late', 'planned'],
    ]);
    expect(plan[2]!.dueAt).toBe(new Date(Date.parse(newStart) - 5000).toISOString());

    const notice = await eventually(() => smsTo(patient.mobile).find((m) => m.body.includes('has moved')), 10_000);
    expect(notice).toBeDefined();
    await eventually(() => reminderEmails(patient.email).length === 2, 15_000);
    await sleep(1500);
    expect(reminderEmails(patient.email)).toHaveLength(2);
    const state = await workflowState(stack, clinic, id);
    expect(state!.notices).toEqual([expect.objectContaining({ kind: 'moved', status: 'sent' })]);
    await recordHistory('appointment-reschedule', id);
  }, 60_000);

  it('When staff cancel mid-plan, then the patient gets a cancellation notice, no later reminder goes out and the workflow ends', async () => {
    const patient = await clinic.addPatient();
    const res = await book(stack, clinic, { patientId: patient.id, practitionerId: await clinic.addPractitioner(), startsAt: inSeconds(16) });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    await stack.smtp.waitFor((m) => m.to.includes(patient.email) && m.subject.startsWith('Appointment reminder'), 10_000);

    const cancelled = await api(stack.baseUrl, 'POST', `/api/v1/appointments/${id}/cancel`, { token: clinic.scheduler, body: { reason: 'provider-unavailable' } });
    expect(cancelled.status).toBe(200);
    expect(await settled(id)).toBe('cancelled');
    const notice = await eventually(() => smsTo(patient.mobile).find((m) => m.body.includes('is cancelled')), 10_000);
    expect(notice).toBeDefined();

    // Wait past the start: nothing else reaches the patient.
    await sleep(Math.max(0, Date.parse(res.body.startsAt) - Date.now()) + 1000);
    expect(reminderEmails(patient.email)).toHaveLength(1);
    expect(smsTo(patient.mobile)).toHaveLength(1);
    const state = await workflowState(stack, clinic, id);
    expect(state!.plan.map((s) => [s.stepId, s.status, s.reason])).toEqual([
      ['early', 'sent', undefined],
      ['confirm', 'skipped', 'appointment-cancelled'],
      ['late', 'skipped', 'appointment-cancelled'],
    ]);
    await recordHistory('appointment-staff-cancel', id);
  }, 60_000);

  it('When the patient has opted out of both channels, then every step is suppressed and nothing is sent', async () => {
    const patient = await clinic.addPatient({ sms_consent: 'revoked', email_consent: 'revoked' });
    const res = await book(stack, clinic, { patientId: patient.id, practitionerId: await clinic.addPractitioner(), startsAt: inSeconds(15) });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const state = await eventually(async () => {
      const s = await workflowState(stack, clinic, id);
      return s && s.plan.every((step) => step.status === 'suppressed') && s;
    }, 25_000);
    expect(state.plan.map((s) => s.reason)).toEqual(['opted-out', 'opted-out', 'opted-out']);
    expect(smsTo(patient.mobile)).toHaveLength(0);
    expect(emailsTo(patient.email)).toHaveLength(0);
  }, 60_000);

  it('When a text falls outside the send window, then it is deferred to the window’s opening and sent then', async () => {
    // A clinic whose window opens a minute or two from now, patient time (tenants may narrow 08:00-21:00).
    const zone = zoneAtLocalHour(10);
    const opening = DateTime.now().setZone(zone).plus({ seconds: 90 }).startOf('minute');
    const quiet = await createClinic(stack, {
      plan: [{ id: 'day-of', before: 'PT200S', channel: 'sms', template: 'appointment.reminder' }],
      messaging: { sendWindow: { start: opening.toFormat('HH:mm'), end: '21:00' } },
    });
    const patient = await quiet.addPatient({ timezone: zone });
    const res = await book(stack, quiet, { patientId: patient.id, startsAt: inSeconds(210) });
    expect(res.status).toBe(201);
    const id = res.body.id as string;

    const deferred = await eventually(async () => {
      const step = (await workflowState(stack, quiet, id))?.plan[0];
      return step?.status === 'deferred' && step;
    }, 20_000);
    expect(deferred).toMatchObject({ reason: 'quiet-hours', until: opening.toUTC().toISO() });
    expect(smsTo(patient.mobile)).toHaveLength(0);

    const sms = await eventually(() => smsTo(patient.mobile)[0], 150_000, 500);
    expect(sms.dateCreated.getTime()).toBeGreaterThanOrEqual(opening.toMillis());
    // Twilio has the text a moment before the send's result reaches the workflow.
    const sent = await eventually(async () => {
      const step = (await workflowState(stack, quiet, id))?.plan[0];
      return step?.status === 'sent' && step;
    }, 10_000);
    expect(sent).toMatchObject({ status: 'sent' });
    await recordHistory('appointment-quiet-hours', id);
  }, 200_000);
});
