import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERRAL_TASKS, referralWorkflowId } from '../../src/workflows/shared/referral.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { createReferralClinic, eventually, openTask, type ReferralClinic, referralRow, sleep, untilStatus } from './support.js';

let stack: TestStack;
let clinic: ReferralClinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createReferralClinic(stack, { sla: { triage: 4 } });
});
afterAll(() => stack.close());

const escalationsOf = (taskId: string) => stack.ownerDb('task_escalations').where({ task_id: taskId }).orderBy('level');

describe('a request for more information', () => {
  it('When the receiver asks the referrer a question, then the triage SLA stops until the answer and resumes where it was', async () => {
    const id = (await clinic.refer()).body.id as string;
    const triage = await openTask(stack, id, REFERRAL_TASKS.triage.type);
    const originalDue = triage.due_at.getTime();

    const asked = await clinic.call('POST', `/api/v1/referrals/${id}/request-info`, clinic.specialist, { question: 'Any prior echocardiogram?' });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ status: 'info-requested', stage: 'more-info' });
    const again = await clinic.call('POST', `/api/v1/referrals/${id}/request-info`, clinic.specialist, { question: 'And a lipid panel?' });
    expect(again.status).toBe(409);
    const question = await openTask(stack, id, REFERRAL_TASKS.moreInfo.type);
    expect(question.owner_user_id).toBe(clinic.referrer.id);
    expect((await stack.ownerDb('tasks').where({ id: triage.id }).first()).on_hold_since).not.toBeNull();

    // Held well past the 4-second triage SLA: no escalation, and the referral is not overdue meanwhile.
    await sleep(6000);
    expect(await escalationsOf(triage.id)).toEqual([]);
    const waiting = await clinic.call('GET', `/api/v1/referrals?overdue=true&direction=received`, clinic.specialist);
    expect(waiting.body.items.map((r: { id: string }) => r.id)).not.toContain(id);

    const answered = await clinic.call('POST', `/api/v1/referrals/${id}/answer-info`, clinic.referrer, { answer: 'Echo in 2024: EF 60%, no valve disease.' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'received', stage: 'triage' });
    const resumed = await stack.ownerDb('tasks').where({ id: triage.id }).first();
    expect(resumed.on_hold_since).toBeNull();
    expect(resumed.due_at.getTime() - originalDue).toBeGreaterThanOrEqual(5500);
    const stage = await stack.ownerDb('referral_stages').where({ referral_id: id, stage_key: 'triage-1' }).first();
    expect(Number(stage.paused_ms)).toBeGreaterThanOrEqual(5500);
    expect((await referralRow(stack, id)).stage_due_at.getTime()).toBe(stage.due_at.getTime());

    // The clock resumed where it stopped: the first escalation comes when the remaining SLA runs out.
    const [level1] = await eventually(async () => {
      const rows = await escalationsOf(triage.id);
      return rows.length > 0 && rows;
    }, 15_000);
    expect(level1).toMatchObject({ id: `${triage.id}:L1`, level: 1, to_user_id: clinic.onCall.id });
    expect(level1.escalated_at.getTime()).toBeGreaterThanOrEqual(originalDue + 5500);

    const view = await clinic.call('GET', `/api/v1/referrals/${id}`, clinic.referrer);
    expect(view.body.notes.map((n: { kind: string; text: string }) => [n.kind, n.text])).toEqual([
      ['info-request', 'Any prior echocardiogram?'],
      ['info-answer', 'Echo in 2024: EF 60%, no valve disease.'],
    ]);
    const [triageStage, moreInfo] = view.body.timeline;
    expect(triageStage).toMatchObject({ stage: 'triage', endedAt: null, overdue: true, escalations: [expect.objectContaining({ id: `${triage.id}:L1`, resolved: true })] });
    expect(triageStage.pausedSeconds).toBeGreaterThanOrEqual(5);
    expect(moreInfo).toMatchObject({ stage: 'more-info', outcome: 'answered', actedBy: { id: clinic.referrer.id } });

    // The on-call physician the triage escalated to decides it.
    const accepted = await clinic.call('POST', `/api/v1/referrals/${id}/accept`, clinic.onCall, {});
    expect(accepted.status).toBe(200);
    await untilStatus(stack, id, 'accepted');
    if (process.env.RECORD_HISTORIES === '1') {
      const history = await stack.temporal.workflow.getHandle(referralWorkflowId(id)).fetchHistory();
      writeFileSync(join(__dirname, '../replay/histories/referral-more-info.json'), JSON.stringify(history, null, 1));
    }
  });

  it('When the receiver decides while the question is still open, then the referrer’s task is withdrawn', async () => {
    const id = (await clinic.refer()).body.id as string;
    await openTask(stack, id, REFERRAL_TASKS.triage.type);
    expect((await clinic.call('POST', `/api/v1/referrals/${id}/request-info`, clinic.specialist, { question: 'Current medication?' })).status).toBe(200);
    const question = await openTask(stack, id, REFERRAL_TASKS.moreInfo.type);
    expect((await clinic.call('POST', `/api/v1/referrals/${id}/accept`, clinic.specialist, {})).status).toBe(200);
    expect(await stack.ownerDb('tasks').where({ id: question.id }).first()).toMatchObject({ status: 'cancelled' });
    const stage = await stack.ownerDb('referral_stages').where({ referral_id: id, stage_key: 'more-info-1' }).first();
    expect(stage).toMatchObject({ outcome: 'withdrawn' });
  });
});
