import { REFERRAL_TASKS } from '../../src/workflows/shared/referral.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { bookVisit, createReferralClinic, eventually, notifyAppointment, openTask, type ReferralClinic, sleep, untilStatus } from './support.js';

let stack: TestStack;
let clinic: ReferralClinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createReferralClinic(stack, { sla: { report: 3 } });
});
afterAll(() => stack.close());

/** A referral whose patient has been seen: the specialist's report task is open. */
async function seen(): Promise<{ id: string; taskId: string }> {
  const id = (await clinic.refer()).body.id as string;
  await openTask(stack, id, REFERRAL_TASKS.triage.type);
  expect((await clinic.call('POST', `/api/v1/referrals/${id}/accept`, clinic.specialist, {})).status).toBe(200);
  const appointmentId = await bookVisit(stack, clinic, id, 1);
  await notifyAppointment(stack, id, 'booked', appointmentId);
  await untilStatus(stack, id, 'scheduled');
  await sleep(1200);
  expect((await clinic.call('POST', `/api/v1/appointments/${appointmentId}/check-in`, clinic.scheduler, {})).status).toBe(200);
  expect((await clinic.call('POST', `/api/v1/appointments/${appointmentId}/complete`, clinic.scheduler, {})).status).toBe(200);
  await notifyAppointment(stack, id, 'completed', appointmentId);
  const task = await openTask(stack, id, REFERRAL_TASKS.report.type);
  expect(task.owner_user_id).toBe(clinic.specialist.id);
  return { id, taskId: task.id };
}

const escalations = (taskId: string) => stack.ownerDb('task_escalations').where({ task_id: taskId }).orderBy('level');

describe('an overdue consult report', () => {
  it('When the report is not sent within its SLA, then it escalates once per level, even across a worker restart', async () => {
    const { id, taskId } = await seen();
    const [first] = await eventually(async () => {
      const rows = await escalations(taskId);
      return rows.length > 0 && rows;
    }, 10_000);
    expect(first).toMatchObject({ id: `${taskId}:L1`, level: 1, to_user_id: clinic.onCall.id });
    expect((await stack.ownerDb('tasks').where({ id: taskId }).first()).owner_user_id).toBe(clinic.onCall.id);

    // The worker dies and comes back while the next level's timer is pending.
    await stack.stopWorker();
    await sleep(1500);
    await stack.startWorker();
    await eventually(async () => (await escalations(taskId)).length === 2, 15_000);
    await sleep(2000);
    const rows = await escalations(taskId);
    expect(rows.map((r) => r.id)).toEqual([`${taskId}:L1`, `${taskId}:L2`]);
    expect(rows[1]).toMatchObject({ to_user_id: clinic.lead.id });

    const overdue = await clinic.call('GET', '/api/v1/referrals?overdue=true&stage=report', clinic.referrer);
    expect(overdue.body.items.map((r: { id: string }) => r.id)).toContain(id);

    // The department lead, who now holds the task, sends the report.
    const sent = await clinic.call('POST', `/api/v1/referrals/${id}/report`, clinic.lead, { text: 'Normal stress echo; no further cardiology follow-up needed.' });
    expect(sent.status).toBe(200);
    const view = await clinic.call('GET', `/api/v1/referrals/${id}`, clinic.referrer);
    const report = view.body.timeline.find((s: { stage: string }) => s.stage === 'report');
    expect(report).toMatchObject({ outcome: 'report-sent', overdue: true, actedBy: { id: clinic.lead.id } });
    expect(report.escalations.map((e: { id: string }) => e.id)).toEqual([`${taskId}:L1`, `${taskId}:L2`]);
  });

  it('When someone who does not hold the report task sends a report, or the task is completed without a report, then it is refused and the task stays open', async () => {
    const { id, taskId } = await seen();
    const res = await clinic.call('POST', `/api/v1/referrals/${id}/report`, clinic.referrer, { text: 'Not mine to write.' });
    expect(res.status).toBe(403);
    expect(await stack.ownerDb('referral_reports').where({ referral_id: id })).toEqual([]);
    const viaInbox = await clinic.call('POST', `/api/v1/tasks/${taskId}/complete`, clinic.specialist, { outcome: 'report-sent' });
    expect(viaInbox.status).toBe(422);
    expect(viaInbox.body.reason).toBe('report-required');
    expect(await stack.ownerDb('tasks').where({ id: taskId }).first()).toMatchObject({ status: 'open' });
  });
});
