import { adHocTaskWorkflowId } from '../../src/workflows/shared/ad-hoc-task.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { type Clinic, createClinic, eventually, historyOf, signOffTask, taskRow } from './task-fixtures.js';

let stack: TestStack;
let clinic: Clinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createClinic(stack);
  // The second physician is the department's on-call practitioner.
  await clinic.tenant.scoped((trx) => trx('departments').where({ id: clinic.departmentId }).update({ on_call_practitioner_id: clinic.secondPhysician.practitionerId }));
});
afterAll(() => stack.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const actions = async (taskId: string) => (await historyOf(stack, taskId)).map((h) => h.action);

/** A call-back for the first physician: reminder, then escalation (no cover → on-call), in seconds. */
async function callBack(extra: Record<string, unknown>): Promise<string> {
  const created = await clinic.createTask(clinic.tenant.token('scheduler'), {
    category: 'administrative',
    type: 'call-back',
    title: 'Call the patient back',
    assignee: { userId: clinic.physician.id },
    ...extra,
  });
  expect(created.status).toBe(201);
  return created.body.taskId as string;
}

const chain = [{ kind: 'covering-practitioner' }, { kind: 'on-call' }];

describe('reminder and escalation', () => {
  it('When nobody acts, then the reminder and then the escalation fire exactly once each, even across a worker restart', async () => {
    const escalateTo = [chain[0], { ...chain[1], departmentId: clinic.departmentId }];
    const taskId = await callBack({ reminder: { afterSeconds: 1 }, escalations: [{ afterSeconds: 3, to: escalateTo }] });

    await eventually(async () => (await actions(taskId)).includes('reminded'));
    expect(await taskRow(stack, taskId)).toMatchObject({ owner_user_id: clinic.physician.id, escalation_level: 0 });
    await stack.stopWorker();
    await stack.startWorker();

    await eventually(async () => (await actions(taskId)).includes('escalated'));
    await sleep(2500); // time for any duplicate to show up
    expect(await actions(taskId)).toEqual(['created', 'reminded', 'escalated']);
    expect(await taskRow(stack, taskId)).toMatchObject({ owner_user_id: clinic.secondPhysician.id, escalation_level: 1, status: 'open' });
    const escalations = await stack.ownerDb('task_escalations').where({ task_id: taskId });
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ id: `${taskId}:L1`, level: 1, target_kind: 'on-call', to_user_id: clinic.secondPhysician.id, from_owner_user_id: clinic.physician.id });

    const events = (await stack.temporal.workflow.getHandle(adHocTaskWorkflowId(taskId)).fetchHistory()).events ?? [];
    const scheduled = events.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
    expect(scheduled).toEqual(['createTask', 'remindTask', 'escalateTask']);

    // Each was emailed to the person holding the task at the time, once, with a reference and nothing else.
    const reference = `TK-${taskId.slice(0, 8).toUpperCase()}`;
    const reminded = await stack.smtp.waitFor((m) => m.to.includes(clinic.physician.email) && m.subject.includes(reference));
    const escalated = await stack.smtp.waitFor((m) => m.to.includes(clinic.secondPhysician.email) && m.subject.includes(reference));
    expect(reminded.subject).toBe(`A task is waiting in your inbox (ref ${reference})`);
    expect(escalated.subject).toBe(`An overdue task was passed to you (ref ${reference})`);
    for (const mail of [reminded, escalated]) expect(`${mail.subject} ${mail.text}`).not.toMatch(/call the patient back/i);
    expect(stack.smtp.messages.filter((m) => m.subject.includes(reference))).toHaveLength(2);
    // The SMTP server has the email a moment before the ledger records it as sent.
    const ledger = await eventually(async () => {
      const rows = await stack.ownerDb('message_deliveries').where({ subject_type: 'task', subject_id: taskId }).orderBy('created_at');
      return rows.length === 2 && rows.every((r) => r.status === 'sent') && rows;
    });
    expect(ledger).toEqual([
      expect.objectContaining({ template: 'task.reminder', user_id: clinic.physician.id, channel: 'email', idempotency_key: `task-notice:${taskId}:R1` }),
      expect.objectContaining({ template: 'task.escalated', user_id: clinic.secondPhysician.id, channel: 'email', idempotency_key: `task-notice:${taskId}:L1` }),
    ]);
  });

  it('When the tenant keeps task notices in the inbox, then a reminder is recorded and nobody is emailed', async () => {
    const inboxOnly = await createClinic(stack);
    const patched = await inboxOnly.call('PATCH', '/api/v1/tenant', inboxOnly.tenant.token('admin'), { settings: { tasks: { emailNotices: false } } });
    expect(patched.status).toBe(200);
    const created = await inboxOnly.createTask(inboxOnly.tenant.token('scheduler'), {
      category: 'administrative',
      type: 'call-back',
      title: 'Call the patient back',
      assignee: { userId: inboxOnly.physician.id },
      reminder: { afterSeconds: 1 },
    });
    expect(created.status).toBe(201);
    const taskId = created.body.taskId as string;
    await eventually(async () => (await actions(taskId)).includes('reminded'));
    await sleep(1000);
    expect(await stack.ownerDb('message_deliveries').where({ subject_type: 'task', subject_id: taskId })).toEqual([]);
  });

  it('When a task escalates to a pool, then nobody is emailed (the pool sees it in the inbox) and the escalation still happens', async () => {
    const pooled = await clinic.createTask(clinic.tenant.token('nurse'), signOffTask(clinic));
    const poolId = (await taskRow(stack, pooled.body.taskId as string)).pool_id as string;
    const taskId = await callBack({ escalations: [{ afterSeconds: 1, to: [{ kind: 'pool', poolId }] }] });
    await eventually(async () => (await actions(taskId)).includes('escalated'));
    expect(await taskRow(stack, taskId)).toMatchObject({ owner_user_id: null, pool_id: poolId, escalation_level: 1 });
    await sleep(500);
    expect(await stack.ownerDb('message_deliveries').where({ subject_type: 'task', subject_id: taskId })).toEqual([]);
  });

  it('When a task is on hold, then its SLA clock stops: no escalation while held, and the due time moves by the time held', async () => {
    const taskId = await callBack({ escalations: [{ afterSeconds: 2, to: [{ kind: 'user', userId: clinic.secondPhysician.id }] }] });
    const held = await clinic.call('POST', `/api/v1/tasks/${taskId}/hold`, clinic.physician.accessToken, { reason: 'waiting for the lab' });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ onHold: true });
    const dueBefore = new Date((await taskRow(stack, taskId)).due_at).getTime();

    await sleep(3000);
    expect(await actions(taskId)).toEqual(['created', 'held']);

    const resumed = await clinic.call('POST', `/api/v1/tasks/${taskId}/resume`, clinic.physician.accessToken, {});
    expect(resumed.status).toBe(200);
    const dueAfter = new Date((await taskRow(stack, taskId)).due_at).getTime();
    expect(dueAfter - dueBefore).toBeGreaterThanOrEqual(2900);

    await eventually(async () => (await actions(taskId)).includes('escalated'));
    expect(await actions(taskId)).toEqual(['created', 'held', 'resumed', 'escalated']);
    const resumedEvent = (await historyOf(stack, taskId)).find((h) => h.action === 'resumed')!;
    expect(new Date(resumedEvent.to_due_at).getTime()).toBe(dueAfter);
  });

  it('When nobody decides before the expiry, then the task expires and the workflow ends with that outcome', async () => {
    const taskId = await callBack({ expireAfterSeconds: 1 });
    const result = await stack.temporal.workflow.getHandle(adHocTaskWorkflowId(taskId)).result();
    expect(result).toEqual({ taskId, status: 'expired' });
    expect(await taskRow(stack, taskId)).toMatchObject({ status: 'expired' });
  });
});

describe('the case ends another way', () => {
  it('When the task’s case is cancelled, then the task is cancelled, recorded, and a late decision answers 409', async () => {
    const taskId = await callBack({});
    const handle = stack.temporal.workflow.getHandle(adHocTaskWorkflowId(taskId));
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    expect(await taskRow(stack, taskId)).toMatchObject({ status: 'cancelled' });
    const last = (await historyOf(stack, taskId)).at(-1)!;
    expect(last).toMatchObject({ action: 'cancelled', reason: 'case-cancelled', to_status: 'cancelled' });

    const late = await clinic.call('POST', `/api/v1/tasks/${taskId}/complete`, clinic.physician.accessToken, { outcome: 'done' });
    expect(late.status).toBe(409);
  });
});
