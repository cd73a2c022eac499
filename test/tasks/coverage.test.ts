import { type TestUser } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { type Clinic, createClinic, eventually, historyOf, taskRow } from './task-fixtures.js';

let stack: TestStack;
let clinic: Clinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createClinic(stack);
});
afterAll(() => stack.close());

/** Two physicians of the department: one who will be away, one who covers. */
async function pair(): Promise<{ away: TestUser; cover: TestUser }> {
  const users = [];
  for (let i = 0; i < 2; i += 1) {
    const practitionerId = await clinic.tenant.addPractitioner({ kind: 'physician' });
    const user = await clinic.tenant.addUser('physician', { practitionerId });
    await clinic.member(user.id);
    users.push(user);
  }
  return { away: users[0]!, cover: users[1]! };
}

const callBackFor = (userId: string) =>
  clinic.createTask(clinic.tenant.token('scheduler'), { category: 'administrative', type: 'call-back', title: 'Call back', assignee: { userId } });
const mine = async (user: TestUser) => (await clinic.call('GET', '/api/v1/tasks?view=mine', user.accessToken)).body.items.map((t: { id: string }) => t.id);

describe('coverage and out-of-office', () => {
  it('When a task is created for a practitioner who is covered now, then it goes to the cover and the history says so', async () => {
    const { away, cover } = await pair();
    const coverageId = await clinic.tenant.addCoverage(away.practitionerId!, cover.practitionerId!);
    const created = await callBackFor(away.id);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ownerUserId: cover.id, version: 2 });
    const taskId = created.body.taskId as string;
    const history = await historyOf(stack, taskId);
    expect(history.map((h) => h.action)).toEqual(['created', 'routed-to-cover']);
    expect(history[1]).toMatchObject({ from_owner_user_id: away.id, to_owner_user_id: cover.id, reason: 'coverage', details: { coverageId } });
    expect(await mine(cover)).toContain(taskId);
    expect(await mine(away)).not.toContain(taskId);
  });

  it('When a coverage period starts, then the practitioner’s still-open tasks, owned or claimed, move to the cover', async () => {
    const { away, cover } = await pair();
    const owned = (await callBackFor(away.id)).body.taskId as string;
    const pooled = (
      await clinic.createTask(clinic.tenant.token('nurse'), {
        category: 'sign-off',
        title: 'Sign the form',
        assignee: { pool: { departmentId: clinic.departmentId, role: 'physician' } },
      })
    ).body.taskId as string;
    expect((await clinic.call('POST', `/api/v1/tasks/${pooled}/claim`, away.accessToken, {})).status).toBe(200);
    const startsAt = new Date(Date.now() + 2000);
    const coverageId = await clinic.tenant.addCoverage(away.practitionerId!, cover.practitionerId!, { starts_at: startsAt });

    const applied = await clinic.call('POST', '/api/v1/tasks/coverage-routing', clinic.tenant.token('admin'), { coverageId });
    expect(applied.status).toBe(202);
    expect((await taskRow(stack, owned)).owner_user_id).toBe(away.id);

    await eventually(async () => (await taskRow(stack, owned)).owner_user_id === cover.id && (await taskRow(stack, pooled)).owner_user_id === cover.id);
    expect(Date.now()).toBeGreaterThanOrEqual(startsAt.getTime());
    expect(await taskRow(stack, pooled)).toMatchObject({ status: 'open', claimed_by_user_id: null, pool_id: null });
    for (const taskId of [owned, pooled]) {
      const routed = (await historyOf(stack, taskId)).filter((h) => h.action === 'routed-to-cover');
      expect(routed).toHaveLength(1);
      expect(routed[0]).toMatchObject({ to_owner_user_id: cover.id, actor_id: 'task-coverage', details: { coverageId } });
    }
    expect(await mine(cover)).toEqual(expect.arrayContaining([owned, pooled]));
  });

  it('When a physician applies someone else’s coverage, then it is refused', async () => {
    const { away, cover } = await pair();
    const coverageId = await clinic.tenant.addCoverage(away.practitionerId!, cover.practitionerId!);
    const refused = await clinic.call('POST', '/api/v1/tasks/coverage-routing', clinic.physician.accessToken, { coverageId });
    expect(refused.status).toBe(403);
  });
});
