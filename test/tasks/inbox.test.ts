import { type TestUser } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { type Clinic, createClinic, historyOf, taskRow } from './task-fixtures.js';

let stack: TestStack;
let clinic: Clinic;
let physician: TestUser;
let patientId: string;

beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createClinic(stack);
  patientId = await clinic.tenant.addPatient();
  physician = await clinic.tenant.addUser('physician', { practitionerId: await clinic.tenant.addPractitioner() });
});
afterAll(() => stack.close());

const mine = (query: string) => clinic.call('GET', `/api/v1/tasks?view=mine${query}`, physician.accessToken);

async function make(priority: string, dueInSeconds: number, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await clinic.createTask(clinic.tenant.token('admin'), {
    category: 'administrative',
    title: `${priority} in ${dueInSeconds}`,
    priority,
    dueInSeconds,
    assignee: { userId: physician.id },
    ...extra,
  });
  expect(created.status).toBe(201);
  return created.body.taskId as string;
}

describe('inbox order, filters and pages', () => {
  const order: string[] = [];
  beforeAll(async () => {
    const routineSoon = await make('routine', 600);
    const statLate = await make('stat', 7200);
    const urgent = await make('urgent', 3600, { type: 'lab-review', patientId });
    const statSoon = await make('stat', 300);
    const routineLate = await make('routine', 90_000);
    order.push(statSoon, statLate, urgent, routineSoon, routineLate);
  });

  it('When the inbox is read page by page, then tasks come by priority then due time, each exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof mine>> = await mine(`&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((t: { id: string }) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(order);
  });

  it('When filters are given, then only matching tasks are listed', async () => {
    const ids = async (query: string) => (await mine(query)).body.items.map((t: { id: string }) => t.id);
    expect(await ids('&priority=stat')).toEqual(order.slice(0, 2));
    expect(await ids('&type=lab-review')).toEqual([order[2]]);
    expect(await ids(`&patientId=${patientId}`)).toEqual([order[2]]);
    expect(await ids(`&dueBefore=${encodeURIComponent(new Date(Date.now() + 900_000).toISOString())}`)).toEqual([order[0], order[3]]);
    expect(await ids('&status=completed')).toEqual([]);
  });

  it('When the cursor is tampered with, then the request is refused with 400', async () => {
    expect((await mine('&cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
  });
});

describe('ownership', () => {
  it('When a task is claimed, released and reassigned to a pool, then each change is versioned and in the history', async () => {
    const taskId = await make('routine', 3600);
    const claimed = await clinic.call('POST', `/api/v1/tasks/${taskId}/claim`, physician.accessToken, { version: 1 });
    expect(claimed.body).toMatchObject({ status: 'claimed', version: 2 });
    const released = await clinic.call('POST', `/api/v1/tasks/${taskId}/release`, physician.accessToken, { version: 2 });
    expect(released.body).toMatchObject({ status: 'open', claimedByUserId: null, version: 3 });
    const nursePool = await clinic.createTask(clinic.tenant.token('admin'), {
      category: 'nursing',
      title: 'prepare',
      assignee: { pool: { departmentId: clinic.departmentId, role: 'nurse' } },
    });
    const poolId = nursePool.body.poolId as string;
    const pools = await clinic.call('GET', '/api/v1/tasks/pools', physician.accessToken);
    expect(pools.body.items).toContainEqual({ id: poolId, departmentId: clinic.departmentId, role: 'nurse' });
    const moved = await clinic.call('POST', `/api/v1/tasks/${taskId}/reassign`, physician.accessToken, { to: poolId, reason: 'nursing can do it', version: 3 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ ownerUserId: null, poolId, poolRole: 'nurse', version: 4 });
    expect((await historyOf(stack, taskId)).map((h) => [h.action, h.version])).toEqual([
      ['created', 1],
      ['claimed', 2],
      ['released', 3],
      ['reassigned', 4],
    ]);
    // The physician no longer holds it, so they can no longer see it.
    expect((await clinic.call('GET', `/api/v1/tasks/${taskId}`, physician.accessToken)).status).toBe(404);
  });

  it('When a task is reassigned to something that is neither a user nor a pool of the tenant, then it is refused and unchanged', async () => {
    const taskId = await make('routine', 3600);
    const refused = await clinic.call('POST', `/api/v1/tasks/${taskId}/reassign`, physician.accessToken, { to: '3f1d2c4b-1111-4222-8333-944455556666' });
    expect(refused.status).toBe(422);
    expect(await taskRow(stack, taskId)).toMatchObject({ owner_user_id: physician.id, version: 1 });
  });

  it('When two users claim the same pool task at once, then one gets it and the other gets 409', async () => {
    const created = await clinic.createTask(clinic.tenant.token('nurse'), {
      category: 'sign-off',
      title: 'sign',
      assignee: { pool: { departmentId: clinic.departmentId, role: 'physician' } },
    });
    const taskId = created.body.taskId as string;
    const answers = await Promise.all(
      [clinic.physician, clinic.secondPhysician].map((u) => clinic.call('POST', `/api/v1/tasks/${taskId}/claim`, u.accessToken, {})),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect((await historyOf(stack, taskId)).filter((h) => h.action === 'claimed')).toHaveLength(1);
  });

  it('When a task is created with a reference to another tenant’s or a missing record, then it is refused with 422', async () => {
    const refused = await clinic.createTask(clinic.tenant.token('admin'), {
      category: 'administrative',
      title: 'x',
      patientId: '3f1d2c4b-1111-4222-8333-944455556666',
      assignee: { userId: '3f1d2c4b-1111-4222-8333-944455556667' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/body/assignee/userId', '/body/patientId']);
  });
});
