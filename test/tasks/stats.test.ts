import { type TestStack, startTestStack } from '../support/stack.js';
import { type Clinic, createClinic, eventually } from './task-fixtures.js';

let stack: TestStack;
let clinic: Clinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createClinic(stack);
});
afterAll(() => stack.close());

const poolTask = (extra: Record<string, unknown> = {}) =>
  clinic.createTask(clinic.tenant.token('nurse'), {
    category: 'sign-off',
    title: 'Sign',
    assignee: { pool: { departmentId: clinic.departmentId, role: 'physician' } },
    ...extra,
  });

describe('queue figures for managers', () => {
  it('When tasks are open, completed and escalated in a queue, then the stats report counts, the oldest open, the median and escalations', async () => {
    const first = (await poolTask()).body;
    const second = (await poolTask()).body;
    await poolTask({ escalations: [{ afterSeconds: 1, to: [{ kind: 'user', userId: clinic.secondPhysician.id }] }] });
    for (const task of [first, second]) {
      expect((await clinic.call('POST', `/api/v1/tasks/${task.taskId}/complete`, clinic.physician.accessToken, { outcome: 'approve' })).status).toBe(200);
    }
    await eventually(async () => (await stack.ownerDb('task_escalations').where({ tenant_id: clinic.tenant.id })).length === 1);
    await poolTask();

    const stats = await clinic.call('GET', '/api/v1/tasks/stats', clinic.tenant.token('admin'));
    expect(stats.status).toBe(200);
    const pool = stats.body.queues.find((q: { queue: { kind: string } }) => q.queue.kind === 'pool');
    expect(pool).toMatchObject({
      queue: { kind: 'pool', poolId: first.poolId, departmentId: clinic.departmentId, role: 'physician' },
      openCount: 1,
      completedCount: 2,
      escalatedCount: 1,
      medianCompletionSeconds: expect.any(Number),
      oldestOpenAt: expect.any(String),
    });
    const user = stats.body.queues.find((q: { queue: { kind: string } }) => q.queue.kind === 'user');
    expect(user).toMatchObject({ queue: { kind: 'user', userId: clinic.secondPhysician.id }, openCount: 1, escalatedCount: 0 });
  });

  it('When the period excludes the completions, then they are not counted', async () => {
    const stats = await clinic.call('GET', `/api/v1/tasks/stats?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`, clinic.tenant.token('ops'));
    expect(stats.status).toBe(200);
    for (const queue of stats.body.queues) expect(queue).toMatchObject({ completedCount: 0, escalatedCount: 0 });
  });

  it('When a physician asks for the stats, then it is refused', async () => {
    expect((await clinic.call('GET', '/api/v1/tasks/stats', clinic.physician.accessToken)).status).toBe(403);
  });
});
