import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { adHocTaskWorkflowId } from '../../src/workflows/shared/ad-hoc-task.js';
import { completeTaskUpdate, taskStatesQuery } from '../../src/workflows/shared/tasks.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { type Clinic, createClinic, eventually, historyOf, signOffTask, taskRow } from './task-fixtures.js';

let stack: TestStack;
let clinic: Clinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createClinic(stack);
});
afterAll(() => stack.close());

async function newSignOff(extra: Record<string, unknown> = {}): Promise<string> {
  const created = await clinic.createTask(clinic.tenant.token('nurse'), signOffTask(clinic, extra));
  expect(created.status).toBe(201);
  return created.body.taskId as string;
}

const complete = (taskId: string, token: string, body: Record<string, unknown> = { outcome: 'approve' }) =>
  clinic.call('POST', `/api/v1/tasks/${taskId}/complete`, token, body);

describe('a decision through the API', () => {
  it('When a physician claims and completes a workflow’s task, then they get the verdict and the workflow continues with the outcome', async () => {
    // A reminder fires and an escalation is pending first, so the recorded history covers the SLA timeline too.
    const taskId = await newSignOff({ reminder: { afterSeconds: 1 }, escalations: [{ afterSeconds: 600, to: [{ kind: 'on-call' }] }] });
    await eventually(async () => (await historyOf(stack, taskId)).some((h) => h.action === 'reminded'));
    const claimed = await clinic.call('POST', `/api/v1/tasks/${taskId}/claim`, clinic.physician.accessToken, {});
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'claimed', claimedByUserId: clinic.physician.id, version: 2 });

    const done = await complete(taskId, clinic.physician.accessToken, { outcome: 'approve', note: 'fine', version: 2 });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ taskId, status: 'completed', outcome: 'approve', version: 3 });

    const handle = stack.temporal.workflow.getHandle(adHocTaskWorkflowId(taskId));
    expect(await handle.result()).toEqual({ taskId, status: 'completed', outcome: 'approve', decidedBy: clinic.physician.id });
    expect(await taskRow(stack, taskId)).toMatchObject({ status: 'completed', outcome: 'approve', outcome_note: 'fine', completed_by_user_id: clinic.physician.id });
    expect((await historyOf(stack, taskId)).map((h) => h.action)).toEqual(['created', 'reminded', 'claimed', 'completed']);

    if (process.env.RECORD_HISTORIES === '1') {
      writeFileSync(join(__dirname, '../replay/histories/ad-hoc-task.json'), JSON.stringify(await handle.fetchHistory(), null, 1));
    }
  });

  it('When two physicians complete the same task at the same time, then exactly one succeeds, the other gets 409, and it is recorded once', async () => {
    const taskId = await newSignOff();
    const answers = await Promise.all([
      complete(taskId, clinic.physician.accessToken, { outcome: 'approve', version: 1 }),
      complete(taskId, clinic.secondPhysician.accessToken, { outcome: 'decline', version: 1 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body.type).toContain('conflict');
    const row = await taskRow(stack, taskId);
    expect(row).toMatchObject({ status: 'completed', outcome: winner.body.outcome, version: 2 });
    expect((await historyOf(stack, taskId)).filter((h) => h.action === 'completed')).toHaveLength(1);
  });

  it('When the caller saw an older version, then the decision answers 409 and nothing changes', async () => {
    const taskId = await newSignOff();
    expect((await clinic.call('POST', `/api/v1/tasks/${taskId}/claim`, clinic.physician.accessToken, {})).status).toBe(200);
    const stale = await complete(taskId, clinic.physician.accessToken, { outcome: 'approve', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('stale-version');
    expect(await taskRow(stack, taskId)).toMatchObject({ status: 'claimed', version: 2, outcome: null });
  });

  it('When another physician has claimed the task, then a decision answers 409 and nothing changes', async () => {
    const taskId = await newSignOff();
    expect((await clinic.call('POST', `/api/v1/tasks/${taskId}/claim`, clinic.secondPhysician.accessToken, {})).status).toBe(200);
    const refused = await complete(taskId, clinic.physician.accessToken);
    expect(refused.status).toBe(409);
    expect(refused.body.reason).toBe('claimed-by-another');
    expect(await taskRow(stack, taskId)).toMatchObject({ status: 'claimed', claimed_by_user_id: clinic.secondPhysician.id, version: 2 });
  });

  it('When the task is already completed, then a second decision answers 409', async () => {
    const taskId = await newSignOff();
    expect((await complete(taskId, clinic.physician.accessToken)).status).toBe(200);
    const again = await complete(taskId, clinic.secondPhysician.accessToken);
    expect(again.status).toBe(409);
    expect(await taskRow(stack, taskId)).toMatchObject({ completed_by_user_id: clinic.physician.id, version: 2 });
  });
});

describe('a decision from a role that may not decide', () => {
  it('When a nurse who holds a physician sign-off decides it, then it is refused by the API and by the workflow, and nothing changes', async () => {
    const taskId = await newSignOff({ assignee: { pool: { departmentId: clinic.departmentId, role: 'nurse' } } });
    const nurse = clinic.tenant.users.nurse;
    expect((await clinic.call('POST', `/api/v1/tasks/${taskId}/claim`, nurse.accessToken, {})).status).toBe(200);

    const viaApi = await complete(taskId, nurse.accessToken);
    expect(viaApi.status).toBe(403);

    // The workflow's own validator refuses it too, even if a caller skipped the API's check.
    const handle = stack.temporal.workflow.getHandle(adHocTaskWorkflowId(taskId));
    const before = await handle.query(taskStatesQuery);
    const direct = handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: { type: 'user', id: nurse.id, role: 'nurse' }, outcome: 'approve' }] });
    await expect(direct).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(direct).rejects.toMatchObject({ cause: { type: 'TaskForbidden', message: 'role-may-not-decide' } });
    expect(await handle.query(taskStatesQuery)).toEqual(before);
    expect(await taskRow(stack, taskId)).toMatchObject({ status: 'claimed', claimed_by_user_id: nurse.id, version: 2, outcome: null });
    expect((await historyOf(stack, taskId)).map((h) => h.action)).toEqual(['created', 'claimed']);
    const rejected = await stack.ownerDb('audit_events').where({ entity_id: taskId, action: 'complete' }).first();
    expect(rejected).toMatchObject({ outcome: 'denied', actor_id: nurse.id });
  });
});

describe('a worker crash while a task waits for its decision', () => {
  it('When the worker is stopped and restarted, then the decision made afterwards is delivered exactly once', async () => {
    const taskId = await newSignOff();
    await stack.stopWorker();
    await stack.startWorker();
    const done = await complete(taskId, clinic.secondPhysician.accessToken, { outcome: 'decline', version: 1 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ outcome: 'decline', version: 2 });
    const handle = stack.temporal.workflow.getHandle(adHocTaskWorkflowId(taskId));
    expect(await handle.result()).toMatchObject({ status: 'completed', outcome: 'decline', decidedBy: clinic.secondPhysician.id });
    expect((await historyOf(stack, taskId)).filter((h) => h.action === 'completed')).toHaveLength(1);
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes)).toHaveLength(2); // taskReady, then the decision
    expect(events.filter((e) => e.activityTaskCompletedEventAttributes)).toHaveLength(2); // createTask, then changeTask
  });
});
