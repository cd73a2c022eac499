import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERRAL_TASKS, referralWorkflowId } from '../../src/workflows/shared/referral.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { createReferralClinic, eventually, openTask, type ReferralClinic, sleep, tasksOf } from './support.js';

let stack: TestStack;
let clinic: ReferralClinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createReferralClinic(stack, { sla: { booking: 4 } });
});
afterAll(() => stack.close());

const pleaseBook = () => stack.smtp.messages.filter((m) => m.to.includes(clinic.patientEmail) && /please book your referral visit/i.test(m.subject));

describe('a worker crash while a stage timer is pending', () => {
  it('When the worker is down as the booking deadline passes, then after the restart the reminder and the scheduler task happen exactly once', async () => {
    const id = (await clinic.refer()).body.id as string;
    await openTask(stack, id, REFERRAL_TASKS.triage.type);
    expect((await clinic.call('POST', `/api/v1/referrals/${id}/accept`, clinic.specialist, {})).status).toBe(200);
    await eventually(() => pleaseBook().length === 1);

    await stack.stopWorker();
    await sleep(6000);
    expect(pleaseBook()).toHaveLength(1);
    await stack.startWorker();

    await eventually(() => pleaseBook().length === 2, 15_000);
    await openTask(stack, id, REFERRAL_TASKS.schedule.type);
    await sleep(3000);
    expect(pleaseBook()).toHaveLength(2);
    expect((await tasksOf(stack, id)).filter((t) => t.type === REFERRAL_TASKS.schedule.type)).toHaveLength(1);
    const notices = await stack.ownerDb('audit_events').where({ entity_id: id, action: 'referral.notice' });
    expect(notices.map((n) => n.details.kind).sort()).toEqual(['booking-reminder', 'please-book']);

    if (process.env.RECORD_HISTORIES === '1') {
      expect((await clinic.call('POST', `/api/v1/referrals/${id}/cancel`, clinic.referrer, { reason: 'test-complete' })).status).toBe(200);
      const handle = stack.temporal.workflow.getHandle(referralWorkflowId(id));
      await handle.result();
      writeFileSync(join(__dirname, '../replay/histories/referral-booking-overdue.json'), JSON.stringify(await handle.fetchHistory(), null, 1));
    }
  });
});
