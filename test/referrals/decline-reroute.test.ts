import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERRAL_TASKS, referralWorkflowId } from '../../src/workflows/shared/referral.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { createReferralClinic, openTask, type ReferralClinic, referralRow, tasksOf, untilStatus } from './support.js';

let stack: TestStack;
let clinic: ReferralClinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createReferralClinic(stack);
});
afterAll(() => stack.close());

async function declined(): Promise<string> {
  const id = (await clinic.refer()).body.id as string;
  await openTask(stack, id, REFERRAL_TASKS.triage.type);
  const res = await clinic.call('POST', `/api/v1/referrals/${id}/decline`, clinic.specialist, { reason: 'not-indicated', note: 'Symptoms fit reflux better; please trial a PPI first.' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'declined', stage: 'decline-review' });
  return id;
}

describe('a declined referral', () => {
  it('When the receiver declines with a reason, then the patient is told gently, the referrer gets a task to reroute or cancel, and the reason is kept', async () => {
    const id = await declined();
    const task = await openTask(stack, id, REFERRAL_TASKS.declined.type);
    expect(task.owner_user_id).toBe(clinic.referrer.id);
    const email = await stack.smtp.waitFor((m) => m.to.includes(clinic.patientEmail) && /about your referral/i.test(m.subject), 15_000);
    expect(email.text).toMatch(/care team will contact you about next steps/i);
    expect(email.text).not.toMatch(/reflux|PPI|chest/i);
    const view = await clinic.call('GET', `/api/v1/referrals/${id}`, clinic.referrer);
    expect(view.body.timeline[0]).toMatchObject({ stage: 'triage', outcome: 'declined', reason: 'not-indicated', actedBy: { id: clinic.specialist.id } });
    expect(view.body.notes).toEqual([expect.objectContaining({ kind: 'decline', text: expect.stringContaining('PPI'), authorUserId: clinic.specialist.id })]);
  });

  it('When the referrer reroutes it, then a linked replacement goes to the new receiver and the declined referral keeps its history', async () => {
    const id = await declined();
    const declineTask = await openTask(stack, id, REFERRAL_TASKS.declined.type);
    const gastro = await clinic.tenant.addDepartment({ specialty: 'Gastroenterology' });
    const res = await clinic.call('POST', `/api/v1/referrals/${id}/reroute`, clinic.referrer, { target: { kind: 'specialty', specialty: 'gastroenterology' }, note: 'Rerouted as suggested.' });
    expect(res.status).toBe(201);
    const replacementId = res.body.id as string;
    expect(res.body).toMatchObject({ status: 'sent', replacesReferralId: id, targetDepartmentId: gastro, reason: 'Exertional chest pain for three weeks', documents: [expect.objectContaining({ title: 'Resting ECG' })] });

    const old = await untilStatus(stack, id, 'rerouted');
    expect(old.replaced_by_referral_id).toBe(replacementId);
    expect(await stack.ownerDb('tasks').where({ id: declineTask.id }).first()).toMatchObject({ status: 'cancelled' });
    expect(await stack.temporal.workflow.getHandle(referralWorkflowId(id)).result()).toBe('rerouted');
    const oldView = await clinic.call('GET', `/api/v1/referrals/${id}`, clinic.referrer);
    expect(oldView.body.timeline.map((s: { stage: string; outcome: string }) => [s.stage, s.outcome])).toEqual([
      ['triage', 'declined'],
      ['decline-review', 'rerouted'],
    ]);
    expect(oldView.body.replacedByReferralId).toBe(replacementId);

    const newTriage = await openTask(stack, replacementId, REFERRAL_TASKS.triage.type);
    const pool = await stack.ownerDb('task_pools').where({ id: newTriage.pool_id }).first();
    expect(pool).toMatchObject({ department_id: gastro, role: 'physician' });
    expect((await referralRow(stack, replacementId)).status).toBe('received');
  });

  it('When the referrer cancels it from the inbox, then the referral is cancelled and no task is left open', async () => {
    const id = await declined();
    const task = await openTask(stack, id, REFERRAL_TASKS.declined.type);
    const res = await clinic.call('POST', `/api/v1/tasks/${task.id}/complete`, clinic.referrer, { outcome: 'cancel' });
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({ referralId: id, next: 'cancelled' });
    await untilStatus(stack, id, 'cancelled');
    expect((await tasksOf(stack, id)).filter((t) => ['open', 'claimed'].includes(t.status))).toEqual([]);
    if (process.env.RECORD_HISTORIES === '1') {
      const history = await stack.temporal.workflow.getHandle(referralWorkflowId(id)).fetchHistory();
      writeFileSync(join(__dirname, '../replay/histories/referral-declined-cancelled.json'), JSON.stringify(history, null, 1));
    }
  });

  it('When a closed referral is rerouted, then nothing is created and the answer is 409', async () => {
    const id = await declined();
    expect((await clinic.call('POST', `/api/v1/referrals/${id}/cancel`, clinic.referrer, { reason: 'patient-declined' })).status).toBe(200);
    const before = await stack.ownerDb('referrals').where({ replaces_referral_id: id });
    const res = await clinic.call('POST', `/api/v1/referrals/${id}/reroute`, clinic.referrer, { target: { kind: 'department', departmentId: clinic.receivingDepartmentId } });
    expect(res.status).toBe(409);
    expect(await stack.ownerDb('referrals').where({ replaces_referral_id: id })).toEqual(before);
  });
});
