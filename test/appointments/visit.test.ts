import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appointmentWorkflowId, cancelAppointmentUpdate } from '../../src/workflows/shared/appointment.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { book, type Clinic, createClinic, eventually, inSeconds, workflowState } from './support.js';

let stack: TestStack;
let clinic: Clinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createClinic(stack, { noShowGrace: 'PT2S', rebookReplyWindow: 'PT4S' });
});
afterAll(() => stack.close());

const post = (path: string, body: unknown = {}) => api(stack.baseUrl, 'POST', path, { token: clinic.scheduler, body });
const result = (id: string) => stack.temporal.workflow.getHandle(appointmentWorkflowId(id)).result();

async function shortVisit(startInSeconds = 4) {
  const patient = await clinic.addPatient();
  // 6-second visits: the no-show check falls 2 s after the end.
  const res = await book(stack, clinic, { patientId: patient.id, practitionerId: await clinic.addPractitioner(), startsAt: inSeconds(startInSeconds), durationMinutes: 0.1 });
  expect(res.status).toBe(201);
  return { patient, id: res.body.id as string };
}

describe('after the visit time', () => {
  it('When nobody checks the patient in by the end plus the grace period, then it is a no-show, the patient is offered to rebook and a rebooking task lands in the schedulers’ inbox', async () => {
    const { patient, id } = await shortVisit();
    const followUp = await eventually(() => stack.twilio.messages.find((m) => m.to === patient.mobile), 25_000);
    expect(followUp.body).toContain('we missed you');
    const row = await stack.ownerDb('appointments').where({ id }).first();
    expect(row).toMatchObject({ status: 'no-show' });
    expect(row.no_show_at.getTime()).toBeGreaterThanOrEqual(row.ends_at.getTime() + 2000);
    const inbox = await api(stack.baseUrl, 'GET', '/api/v1/tasks?view=pool&type=rebook-after-no-show', { token: clinic.scheduler });
    const task = inbox.body.items.find((t: { subject: { id: string } }) => t.subject.id === id);
    expect(task).toMatchObject({ category: 'scheduling', status: 'open', title: 'Rebook after a missed appointment' });
    expect(await stack.ownerDb('audit_events').where({ entity_id: id, action: 'appointment.no-show', actor_type: 'system' })).toHaveLength(1);
    // A scheduler decides it in the inbox (a Workflow Update to this appointment's workflow).
    const done = await api(stack.baseUrl, 'POST', `/api/v1/tasks/${task.id}/complete`, { token: clinic.scheduler, body: { outcome: 'unreachable' } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', outcome: 'unreachable' });
    // The workflow still takes an "R" during the rebooking window, then ends.
    expect(await result(id)).toBe('no-show');
    if (process.env.RECORD_HISTORIES === '1') {
      const history = await stack.temporal.workflow.getHandle(appointmentWorkflowId(id)).fetchHistory();
      writeFileSync(join(__dirname, '../replay/histories/appointment-no-show.json'), JSON.stringify(history, null, 1));
    }
  }, 60_000);

  it('When the patient is checked in and the visit completed, then there is no no-show and the workflow ends', async () => {
    const { patient, id } = await shortVisit();
    const checkedIn = await post(`/api/v1/appointments/${id}/check-in`);
    expect(checkedIn.status).toBe(200);
    expect(checkedIn.body.workflow.state).toMatchObject({ status: 'checked-in', phase: 'visit', noShowAt: null });
    await new Promise((r) => setTimeout(r, 12_000));
    expect((await stack.ownerDb('appointments').where({ id }).first()).status).toBe('checked-in');
    const completed = await post(`/api/v1/appointments/${id}/complete`);
    expect(completed.body).toMatchObject({ status: 'completed', workflow: { state: { phase: 'closed' } } });
    expect(await result(id)).toBe('completed');
    expect(stack.twilio.messages.filter((m) => m.to === patient.mobile)).toHaveLength(0);
    expect((await post(`/api/v1/appointments/${id}/no-show`)).status).toBe(409);
  }, 60_000);

  it('When a change carries a version the appointment has moved past, then it is refused with 409', async () => {
    const { id } = await shortVisit(3600);
    const moved = await post(`/api/v1/appointments/${id}/reschedule`, { startsAt: inSeconds(7200), version: 1 });
    expect(moved.status).toBe(200);
    const stale = await post(`/api/v1/appointments/${id}/reschedule`, { startsAt: inSeconds(9000), version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ reason: 'stale-version' });
    expect((await post(`/api/v1/appointments/${id}/no-show`)).status).toBe(422);
  });

  it('When a stale change reaches the workflow itself, then its validator refuses it synchronously and it leaves no trace in history', async () => {
    const { id } = await shortVisit(3600);
    const handle = stack.temporal.workflow.getHandle(appointmentWorkflowId(id));
    await eventually(() => workflowState(stack, clinic, id));
    expect((await post(`/api/v1/appointments/${id}/reschedule`, { startsAt: inSeconds(5400) })).body.version).toBe(2);
    await expect(handle.executeUpdate(cancelAppointmentUpdate, { args: [{ by: 'staff', reason: 'x', version: 1 }] })).rejects.toMatchObject({
      cause: { type: 'AppointmentChangeRejected', message: 'stale-version' },
    });
    // Only the API's reschedule was ever accepted; a validator's refusal writes nothing.
    const updates = (await handle.fetchHistory()).events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(updates).toHaveLength(1);
    expect((await workflowState(stack, clinic, id))!).toMatchObject({ status: 'booked', version: 2 });
  });
});

describe('permissions', () => {
  it('When a physician lists their schedule, then they see their own appointments only', async () => {
    const patient = await clinic.addPatient();
    const own = await book(stack, clinic, { patientId: patient.id, startsAt: inSeconds(86_400 + 600) });
    const elsewhere = await book(stack, clinic, { patientId: patient.id, practitionerId: await clinic.addPractitioner(), startsAt: inSeconds(86_400 + 3600) });
    const token = clinic.tenant.token('physician');
    const list = await api(stack.baseUrl, 'GET', `/api/v1/appointments?from=${encodeURIComponent(inSeconds(86_400))}`, { token });
    expect(list.status).toBe(200);
    const ids = list.body.items.map((a: { id: string }) => a.id);
    expect(ids).toContain(own.body.id);
    expect(ids).not.toContain(elsewhere.body.id);
    expect((await api(stack.baseUrl, 'GET', `/api/v1/appointments/${elsewhere.body.id}`, { token })).status).toBe(404);
    expect((await api(stack.baseUrl, 'POST', `/api/v1/appointments/${own.body.id}/cancel`, { token, body: {} })).status).toBe(403);
  });

  it('When a patient reads and cancels their own appointment, then they may, without seeing the staff note; another’s is not found', async () => {
    const token = clinic.tenant.token('patient');
    const mine = await book(stack, clinic, { patientId: clinic.tenant.ownPatientId, practitionerId: await clinic.addPractitioner(), startsAt: inSeconds(86_400 * 3), note: 'staff only' });
    const other = await clinic.addPatient();
    const theirs = await book(stack, clinic, { patientId: other.id, practitionerId: await clinic.addPractitioner(), startsAt: inSeconds(86_400 * 3) });
    const read = await eventually(async () => {
      const r = await api(stack.baseUrl, 'GET', `/api/v1/appointments/${mine.body.id}`, { token });
      return r.body.workflow?.state && r;
    });
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('note');
    expect(read.body.workflow.state.plan).toBeDefined();
    expect((await api(stack.baseUrl, 'GET', `/api/v1/appointments/${theirs.body.id}`, { token })).status).toBe(404);
    expect((await api(stack.baseUrl, 'POST', `/api/v1/appointments/${theirs.body.id}/cancel`, { token, body: {} })).status).toBe(404);
    expect((await api(stack.baseUrl, 'POST', `/api/v1/appointments/${mine.body.id}/reschedule`, { token, body: { startsAt: inSeconds(86_400 * 4) } })).status).toBe(403);
    const cancelled = await api(stack.baseUrl, 'POST', `/api/v1/appointments/${mine.body.id}/cancel`, { token, body: {} });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: 'patient' });
    const denial = await stack.ownerDb('audit_events').where({ entity_id: theirs.body.id, outcome: 'denied' }).first();
    expect(denial).toBeDefined();
  });

  it('When ops look at an appointment, then they see its workflow state but not the appointment', async () => {
    const patient = await clinic.addPatient();
    const res = await book(stack, clinic, { patientId: patient.id, practitionerId: await clinic.addPractitioner(), startsAt: inSeconds(86_400 * 5) });
    const token = clinic.tenant.token('ops');
    expect((await api(stack.baseUrl, 'GET', `/api/v1/appointments/${res.body.id}`, { token })).status).toBe(403);
    const workflow = await eventually(async () => {
      const r = await api(stack.baseUrl, 'GET', `/api/v1/appointments/${res.body.id}/workflow`, { token });
      return r.status === 200 && r.body.state && r;
    });
    expect(workflow.body).toMatchObject({ appointmentId: res.body.id, workflowId: appointmentWorkflowId(res.body.id), state: { phase: 'before-visit' } });
    expect(JSON.stringify(workflow.body)).not.toContain(patient.id);
    expect((await workflowState(stack, clinic, res.body.id))!.status).toBe('booked');
  });

  it('When a nurse or a patient tries to book, then it is forbidden', async () => {
    const patient = await clinic.addPatient();
    const body = { patientId: patient.id, practitionerId: clinic.practitionerId, type: 'follow-up', durationMinutes: 15, startsAt: inSeconds(86_400 * 6) };
    expect((await api(stack.baseUrl, 'POST', '/api/v1/appointments', { token: clinic.tenant.token('nurse'), body })).status).toBe(403);
    expect((await api(stack.baseUrl, 'POST', '/api/v1/appointments', { token: clinic.tenant.token('patient'), body })).status).toBe(403);
  });
});
