import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERRAL_TASKS, referralWorkflowId } from '../../src/workflows/shared/referral.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { bookVisit, createReferralClinic, eventually, notifyAppointment, openTask, type ReferralClinic, referralRow, sleep, untilStatus } from './support.js';

let stack: TestStack;
let clinic: ReferralClinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createReferralClinic(stack, { sla: { booking: 3, bookingFollowUp: 3 } });
});
afterAll(() => stack.close());

/** A referral for a fresh patient (so their messages can be counted), accepted by the receiver. */
async function accepted(): Promise<{ id: string; email: string }> {
  const patient = await clinic.addPatient();
  const id = (await clinic.refer({ patientId: patient.id })).body.id as string;
  await openTask(stack, id, REFERRAL_TASKS.triage.type);
  expect((await clinic.call('POST', `/api/v1/referrals/${id}/accept`, clinic.specialist, {})).status).toBe(200);
  return { id, email: patient.email };
}

const pleaseBook = (email: string) => stack.smtp.messages.filter((m) => m.to.includes(email) && /please book your referral visit/i.test(m.subject));

describe('scheduling after acceptance', () => {
  it('When the patient does not book within the SLA, then they get one reminder and a scheduler gets a task, and when still nothing is booked the referrer is told', async () => {
    const { id, email } = await accepted();
    await eventually(() => pleaseBook(email).length === 1);
    const schedule = await openTask(stack, id, REFERRAL_TASKS.schedule.type, 10_000);
    expect(schedule.category).toBe('scheduling');
    expect((await stack.ownerDb('task_pools').where({ id: schedule.pool_id }).first()).role).toBe('scheduler');
    await eventually(() => pleaseBook(email).length === 2, 10_000);

    const notScheduled = await openTask(stack, id, REFERRAL_TASKS.notScheduled.type, 10_000);
    expect(notScheduled.owner_user_id).toBe(clinic.referrer.id);
    await sleep(3500);
    expect(pleaseBook(email)).toHaveLength(2);
    const overdue = await clinic.call('GET', '/api/v1/referrals?overdue=true&stage=scheduling&direction=sent', clinic.referrer);
    expect(overdue.body.items.map((r: { id: string }) => r.id)).toContain(id);

    // The referrer keeps waiting; the booking then arrives and the scheduling tasks are closed.
    expect((await clinic.call('POST', `/api/v1/tasks/${notScheduled.id}/complete`, clinic.referrer, { outcome: 'keep-waiting' })).status).toBe(200);
    const appointmentId = await bookVisit(stack, clinic, id, 30, 0.05, await clinic.addPractitioner());
    await notifyAppointment(stack, id, 'booked', appointmentId);
    await untilStatus(stack, id, 'scheduled');
    expect(await stack.ownerDb('tasks').where({ id: schedule.id }).first()).toMatchObject({ status: 'cancelled' });
    const view = await clinic.call('GET', `/api/v1/referrals/${id}`, clinic.referrer);
    const scheduling = view.body.timeline.find((s: { stage: string }) => s.stage === 'scheduling');
    expect(scheduling).toMatchObject({ outcome: 'booked', overdue: true });
    expect(scheduling.taskIds).toEqual(expect.arrayContaining([schedule.id, notScheduled.id]));
  });

  it('When the patient does not come, then the referral goes back to scheduling with a scheduler task to rebook', async () => {
    const { id } = await accepted();
    const appointmentId = await bookVisit(stack, clinic, id, 2, 1, await clinic.addPractitioner());
    await notifyAppointment(stack, id, 'booked', appointmentId);
    await untilStatus(stack, id, 'scheduled');
    await sleep(2500);
    expect((await clinic.call('POST', `/api/v1/appointments/${appointmentId}/no-show`, clinic.scheduler, {})).status).toBe(200);
    await notifyAppointment(stack, id, 'no-show', appointmentId);
    const rebook = await openTask(stack, id, REFERRAL_TASKS.schedule.type);
    const row = await referralRow(stack, id);
    expect(row).toMatchObject({ status: 'accepted', stage: 'scheduling', stage_key: 'scheduling-2', appointment_id: appointmentId });
    const view = await clinic.call('GET', `/api/v1/referrals/${id}`, clinic.referrer);
    expect(view.body.timeline.map((s: { key: string; outcome: string | null }) => [s.key, s.outcome])).toEqual([
      ['triage-1', 'accepted'],
      ['scheduling-1', 'booked'],
      ['visit-1', 'no-show'],
      ['scheduling-2', null],
    ]);
    expect(view.body.timeline[3].taskIds).toEqual([rebook.id]);
    if (process.env.RECORD_HISTORIES === '1') {
      const history = await stack.temporal.workflow.getHandle(referralWorkflowId(id)).fetchHistory();
      writeFileSync(join(__dirname, '../replay/histories/referral-no-show.json'), JSON.stringify(history, null, 1));
    }
  });

  it('When the appointment workflow records the no-show and no signal reaches the referral, then the visit check finds it', async () => {
    const { id } = await accepted();
    const appointmentId = await bookVisit(stack, clinic, id, 2, 0.05, await clinic.addPractitioner());
    await notifyAppointment(stack, id, 'booked', appointmentId);
    await untilStatus(stack, id, 'scheduled');
    await eventually(async () => (await stack.ownerDb('appointments').where({ id: appointmentId }).first()).status === 'no-show', 20_000);
    await eventually(async () => (await referralRow(stack, id)).stage_key === 'scheduling-2', 15_000);
  });
});
