import { REFERRAL_TASKS, referralWorkflowId } from '../../src/workflows/shared/referral.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { createReferralClinic, openTask, type ReferralClinic, tasksOf, untilStatus } from './support.js';

let stack: TestStack;
let clinic: ReferralClinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createReferralClinic(stack, { scheduling: 'scheduler' });
});
afterAll(() => stack.close());

describe('cancelling a referral', () => {
  it('When the referrer cancels while a scheduler is booking, then the scheduler’s task is cancelled, the stage ends and the history stays', async () => {
    const id = (await clinic.refer()).body.id as string;
    await openTask(stack, id, REFERRAL_TASKS.triage.type);
    expect((await clinic.call('POST', `/api/v1/referrals/${id}/accept`, clinic.specialist, {})).status).toBe(200);
    // Scheduler mode: the patient hears a scheduler will call, and a scheduler gets the task.
    await stack.smtp.waitFor((m) => m.to.includes(clinic.patientEmail) && /has been accepted/i.test(m.subject), 15_000);
    const schedule = await openTask(stack, id, REFERRAL_TASKS.schedule.type);

    expect((await clinic.call('POST', `/api/v1/referrals/${id}/cancel`, clinic.scheduler, { reason: 'patient-declined' })).status).toBe(403);
    const res = await clinic.call('POST', `/api/v1/referrals/${id}/cancel`, clinic.referrer, { reason: 'patient-declined', note: 'Patient prefers to wait.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', stage: null, cancelledAt: expect.any(String) });

    expect(await stack.ownerDb('tasks').where({ id: schedule.id }).first()).toMatchObject({ status: 'cancelled' });
    expect((await tasksOf(stack, id)).filter((t) => ['open', 'claimed'].includes(t.status))).toEqual([]);
    expect(await stack.temporal.workflow.getHandle(referralWorkflowId(id)).result()).toBe('cancelled');
    const view = await clinic.call('GET', `/api/v1/referrals/${id}`, clinic.referrer);
    expect(view.body.timeline.map((s: { stage: string; outcome: string; reason: string }) => [s.stage, s.outcome, s.reason])).toEqual([
      ['triage', 'accepted', null],
      ['scheduling', 'cancelled', 'patient-declined'],
    ]);
    expect(view.body.timeline[1].actedBy).toMatchObject({ id: clinic.referrer.id });
    expect(view.body.history.at(-1)).toMatchObject({ fromStatus: 'accepted', toStatus: 'cancelled', reason: 'patient-declined' });

    const again = await clinic.call('POST', `/api/v1/referrals/${id}/cancel`, clinic.referrer, { reason: 'patient-declined' });
    expect(again.status).toBe(409);
  });

  it('When a decision arrives for a cancelled referral, then it is refused and nothing changes', async () => {
    const id = (await clinic.refer()).body.id as string;
    const triage = await openTask(stack, id, REFERRAL_TASKS.triage.type);
    expect((await clinic.call('POST', `/api/v1/referrals/${id}/cancel`, clinic.referrer, {})).status).toBe(200);
    await untilStatus(stack, id, 'cancelled');
    const refused = await clinic.call('POST', `/api/v1/referrals/${id}/accept`, clinic.specialist, {});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ reason: 'wrong-stage', referralStatus: 'cancelled' });
    expect((await clinic.call('POST', `/api/v1/tasks/${triage.id}/complete`, clinic.specialist, { outcome: 'accept' })).status).toBe(409);
  });
});
