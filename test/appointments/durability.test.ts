import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appointmentWorkflowId } from '../../src/workflows/shared/appointment.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { book, type Clinic, createClinic, eventually, inSeconds, sleep, workflowState } from './support.js';

let stack: TestStack;
let clinic: Clinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createClinic(stack, { plan: [{ id: 'reminder', before: 'PT10S', channel: 'sms', template: 'appointment.reminder' }] });
});
afterAll(() => stack.close());

describe('durability', () => {
  it('When the worker dies while a reminder timer is pending and comes back after its due time, then the reminder is sent exactly once', async () => {
    const patient = await clinic.addPatient();
    const res = await book(stack, clinic, { patientId: patient.id, startsAt: inSeconds(16) });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    // The workflow has planned the step (its timer is in Temporal, not in the worker's memory).
    const planned = await eventually(async () => (await workflowState(stack, clinic, id))?.plan[0]);
    expect(planned.status).toBe('planned');

    await stack.stopWorker();
    await sleep(Math.max(0, Date.parse(planned.dueAt) - Date.now()) + 2000);
    expect(stack.twilio.messages.filter((m) => m.to === patient.mobile)).toHaveLength(0);

    await stack.startWorker();
    const sms = await eventually(() => stack.twilio.messages.find((m) => m.to === patient.mobile), 20_000);
    expect(sms.body).toContain('reminder of your appointment');
    expect(sms.dateCreated.getTime()).toBeGreaterThan(Date.parse(planned.dueAt));
    await sleep(3000);
    expect(stack.twilio.messages.filter((m) => m.to === patient.mobile)).toHaveLength(1);
    expect((await workflowState(stack, clinic, id))!.plan[0]).toMatchObject({ status: 'sent', sentChannel: 'sms' });

    if (process.env.RECORD_HISTORIES === '1') {
      const history = await stack.temporal.workflow.getHandle(appointmentWorkflowId(id)).fetchHistory();
      writeFileSync(join(__dirname, '../replay/histories/appointment-worker-restart.json'), JSON.stringify(history, null, 1));
    }
  }, 60_000);
});
