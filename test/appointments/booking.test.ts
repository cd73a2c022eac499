import { randomUUID } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { type Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import { createApp } from '../../src/api/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { APPOINTMENT_WORKFLOW, appointmentWorkflowId } from '../../src/workflows/shared/appointment.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { book, type Clinic, createClinic, eventually, inSeconds, workflowState } from './support.js';

let stack: TestStack;
let clinic: Clinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  // A 7-day reminder: already past for visits booked an hour ahead, so it shows as skipped at booking.
  clinic = await createClinic(stack, { plan: [{ id: 'week-before', before: 'P7D', channel: 'email', template: 'appointment.reminder' }] });
});
afterAll(() => stack.close());

const rows = (id: string) => stack.ownerDb('appointments').where({ id });

describe('booking', () => {
  it('When a scheduler books, then the appointment and its workflow exist, and the plan records the step already past at booking', async () => {
    const patient = await clinic.addPatient();
    const res = await book(stack, clinic, { patientId: patient.id, startsAt: inSeconds(3600), note: 'bring glucose log' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ patientId: patient.id, status: 'booked', version: 1, note: 'bring glucose log' });
    const id = res.body.id as string;
    expect(await rows(id)).toHaveLength(1);

    const state = await eventually(() => workflowState(stack, clinic, id));
    expect(state.plan).toEqual([expect.objectContaining({ stepId: 'week-before', status: 'skipped', reason: 'past-at-booking' })]);
    expect(state.phase).toBe('before-visit');

    // Ops find the workflow by the appointment ID alone (IDs-only search attribute).
    const found = await eventually(async () => {
      for await (const wf of stack.temporal.workflow.list({ query: `ScxEntityId = "${id}"` })) return wf;
      return undefined;
    });
    expect(found).toMatchObject({ workflowId: appointmentWorkflowId(id), type: APPOINTMENT_WORKFLOW });
  });

  it('When the same booking is retried with its Idempotency-Key, then one appointment and one workflow exist and the retry gets the first answer', async () => {
    const patient = await clinic.addPatient();
    const body = { patientId: patient.id, startsAt: inSeconds(7200) };
    const headers = { 'idempotency-key': `book-${randomUUID()}` };
    const first = await book(stack, clinic, body, headers);
    const retry = await book(stack, clinic, body, headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    expect(await stack.ownerDb('appointments').where({ patient_id: patient.id })).toHaveLength(1);
    const runs = await eventually(async () => {
      const found = [];
      for await (const wf of stack.temporal.workflow.list({ query: `ScxEntityId = "${first.body.id}"` })) found.push(wf);
      return found.length > 0 && found;
    });
    expect(runs).toHaveLength(1);
  });

  it('When ten schedulers race for the same practitioner and time, then exactly one wins and the others get 409', async () => {
    const startsAt = inSeconds(3 * 3600);
    const patients = await Promise.all(Array.from({ length: 10 }, () => clinic.addPatient()));
    const results = await Promise.all(patients.map((p) => book(stack, clinic, { patientId: p.id, startsAt })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const losers = results.filter((r) => r.status !== 201);
    expect(losers.map((r) => r.status)).toEqual(Array(9).fill(409));
    expect(losers[0]!.body).toMatchObject({ reason: 'slot-taken' });
    expect(await stack.ownerDb('appointments').where({ practitioner_id: clinic.practitionerId, starts_at: new Date(startsAt) })).toHaveLength(1);
  });

  it('When a cancelled appointment’s time is booked again, then it succeeds: cancellation frees the slot', async () => {
    const [a, b] = [await clinic.addPatient(), await clinic.addPatient()];
    const startsAt = inSeconds(4 * 3600);
    const first = await book(stack, clinic, { patientId: a.id, startsAt });
    expect((await book(stack, clinic, { patientId: b.id, startsAt })).status).toBe(409);
    const slotsBefore = await api(stack.baseUrl, 'GET', `/api/v1/slots?practitionerId=${clinic.practitionerId}&from=${encodeURIComponent(startsAt)}&to=${encodeURIComponent(inSeconds(4 * 3600 + 60))}&duration=15`, { token: clinic.scheduler });
    expect(slotsBefore.body.slots.map((s: { startsAt: string }) => s.startsAt)).not.toContain(startsAt);

    const cancelled = await api(stack.baseUrl, 'POST', `/api/v1/appointments/${first.body.id}/cancel`, { token: clinic.scheduler, body: { reason: 'provider-unavailable' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: 'staff', cancelReason: 'provider-unavailable' });
    expect(cancelled.body.workflow.state).toMatchObject({ status: 'cancelled', phase: 'closed' });
    expect((await book(stack, clinic, { patientId: b.id, startsAt })).status).toBe(201);
  });

  it('When a visit falls outside working hours, in leave or in the past, then booking is refused', async () => {
    const patient = await clinic.addPatient();
    const other = await clinic.tenant.addPractitioner();
    const target = inSeconds(86_400 * 2);
    const noSchedule = await book(stack, clinic, { patientId: patient.id, practitionerId: other, startsAt: target });
    expect(noSchedule.status).toBe(422);
    // Working hours only on the day after the target's weekday.
    const targetWeekday = DateTime.fromISO(target, { zone: 'UTC' }).weekday;
    await api(stack.baseUrl, 'PUT', `/api/v1/practitioners/${other}/schedule`, {
      token: clinic.scheduler,
      body: { timezone: 'UTC', hours: [{ weekday: (targetWeekday % 7) + 1, start: '00:00', end: '24:00' }] },
    });
    const outside = await book(stack, clinic, { patientId: patient.id, practitionerId: other, startsAt: target });
    expect(outside.status).toBe(422);
    expect(outside.body.type).toContain('outside-working-hours');

    const leaveStart = inSeconds(86_400 * 2);
    const leave = await api(stack.baseUrl, 'POST', `/api/v1/practitioners/${clinic.practitionerId}/schedule-exceptions`, {
      token: clinic.scheduler,
      body: { kind: 'leave', startsAt: leaveStart, endsAt: inSeconds(86_400 * 3) },
    });
    expect(leave.status).toBe(201);
    const inLeave = await book(stack, clinic, { patientId: patient.id, startsAt: inSeconds(86_400 * 2 + 3600) });
    expect(inLeave.status).toBe(409);
    expect(inLeave.body.type).toContain('practitioner-unavailable');
    const slots = await api(stack.baseUrl, 'GET', `/api/v1/slots?practitionerId=${clinic.practitionerId}&from=${encodeURIComponent(leaveStart)}&to=${encodeURIComponent(inSeconds(86_400 * 2 + 7200))}&duration=30`, { token: clinic.scheduler });
    expect(slots.status).toBe(200);
    expect(slots.body.slots).toEqual([]);

    const past = await book(stack, clinic, { patientId: patient.id, startsAt: inSeconds(-60) });
    expect(past.status).toBe(422);
    const unknownReferral = await book(stack, clinic, { patientId: patient.id, startsAt: inSeconds(6 * 3600), referralId: randomUUID() });
    expect(unknownReferral.status).toBe(422);
  });

  it('When Temporal is unreachable, then booking answers 503 and leaves no appointment behind', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const deadTemporal = new Client({ connection, namespace: stack.config.temporal.namespace });
    const app = createApp({ config: stack.config, db: stack.db, temporal: deadTemporal, logger: createLogger({ level: 'silent', name: 'test' }) });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const patient = await clinic.addPatient();
      const key = `book-${randomUUID()}`;
      const body = { practitionerId: clinic.practitionerId, type: 'follow-up', durationMinutes: 15, patientId: patient.id, startsAt: inSeconds(5 * 3600) };
      const res = await api(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'POST', '/api/v1/appointments', {
        token: clinic.scheduler,
        headers: { 'idempotency-key': key },
        body,
      });
      expect(res.status).toBe(503);
      expect(await stack.ownerDb('appointments').where({ patient_id: patient.id })).toHaveLength(0);
      // The key was released: the same request succeeds once Temporal is back.
      const retry = await book(stack, clinic, body, { 'idempotency-key': key });
      expect(retry.status).toBe(201);
    } finally {
      server.close();
      server.closeAllConnections();
      await connection.close();
    }
  });

  it('When a workflow starts for an appointment that never committed, then it ends as orphaned', async () => {
    const appointmentId = randomUUID();
    const handle = await stack.temporal.workflow.start(APPOINTMENT_WORKFLOW, {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId: appointmentWorkflowId(appointmentId),
      args: [{ tenantId: clinic.tenant.id, appointmentId }],
    });
    expect(await handle.result()).toBe('orphaned');
  }, 90_000);
});
