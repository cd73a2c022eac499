import { type UserRole } from '../../../src/authz/actor.js';
import { TASK_ROLES } from '../../../src/workflows/shared/tasks.js';
import { api } from '../../support/http.js';
import { type TestTenant } from '../../support/identity.js';
import { type TestStack } from '../../support/stack.js';
import { allow, type Caller, type RouteCase } from './expectations.js';
import { ensureWorker } from './record-helpers.js';

const TASK_WORKERS: Caller[] = [...TASK_ROLES];
const isTaskWorker = (caller: Caller): caller is UserRole => TASK_WORKERS.includes(caller);

/** Staff outside the physician pool: the task is not in any queue of theirs, so it does not exist for them. */
const OUTSIDE_THE_POOL = { scheduler: 404, nurse: 404, pharmacist: 404 } as const;

/** Creates a task about a new patient as the owner tenant's administrator; its workflow needs the worker. */
async function createTask(stack: TestStack, owner: TestTenant, body: Record<string, unknown>): Promise<string> {
  await ensureWorker(stack);
  const res = await api(stack.baseUrl, 'POST', '/api/v1/tasks', {
    token: owner.token('admin'),
    body: { title: 'Route check', patientId: await owner.addPatient(), ...body },
  });
  if (res.status !== 201) throw new Error(`task not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.taskId as string;
}

/** A physician sign-off waiting in the tenant-wide physician pool. */
const signOff = (stack: TestStack, owner: TestTenant) =>
  createTask(stack, owner, { category: 'sign-off', type: 'form-review', options: ['approve', 'decline'], assignee: { pool: { role: 'physician' } } });

/** A sign-off the owner tenant's physician has already acted on (claimed, put on hold…). */
async function signOffAfter(stack: TestStack, owner: TestTenant, command: 'claim' | 'hold'): Promise<string> {
  const taskId = await signOff(stack, owner);
  const res = await api(stack.baseUrl, 'POST', `/api/v1/tasks/${taskId}/${command}`, { token: owner.token('physician'), body: {} });
  if (res.status !== 200) throw new Error(`task ${command} refused: ${res.status} ${JSON.stringify(res.body)}`);
  return taskId;
}

/** A command on a fresh sign-off: its pool's physicians and administrators act on it, other staff cannot see it, ops only read. */
const poolCommand = (command: string, prepare: (stack: TestStack, owner: TestTenant) => Promise<string>, body: (owner: TestTenant) => unknown = () => ({})): RouteCase => ({
  expect: allow(['admin', 'physician'], OUTSIDE_THE_POOL),
  phi: true,
  request: async ({ stack, owner }) => ({ path: `/api/v1/tasks/${await prepare(stack, owner)}/${command}`, body: await body(owner) }),
});

/**
 * The clinical task inbox. Record routes name a physician sign-off in the tenant-wide physician
 * pool: physicians and administrators see it, ops see its workflow state, the other staff roles
 * have no queue it is in (404); patients and service accounts have no inbox at all (403).
 * Administrators may not claim or decide it (a sign-off is a physician's), though they could in
 * their own queue: those 403s are record-level.
 */
export const taskRoutes: Record<string, RouteCase> = {
  'GET /api/v1/tasks': {
    expect: allow([...TASK_WORKERS, 'ops']),
    phi: true,
    // Each caller lists a view with a task in it (every task read is audited): their own queue, or everything for ops.
    request: async ({ stack, owner, caller }) => {
      await createTask(stack, owner, { category: 'administrative', assignee: isTaskWorker(caller) ? { userId: owner.users[caller].id } : { pool: { role: 'scheduler' } } });
      return { path: `/api/v1/tasks?view=${caller === 'ops' ? 'all' : 'mine'}` };
    },
  },
  'POST /api/v1/tasks': {
    expect: allow(TASK_WORKERS),
    phi: true,
    request: async ({ owner }) => ({
      path: '/api/v1/tasks',
      body: { category: 'administrative', type: 'call-back', title: 'Call the patient back', patientId: await owner.addPatient(), assignee: { pool: { role: 'scheduler' } } },
    }),
  },
  'GET /api/v1/tasks/stats': { expect: allow(['admin', 'ops']), request: () => ({ path: '/api/v1/tasks/stats' }) },
  'GET /api/v1/tasks/pools': { expect: allow([...TASK_WORKERS, 'ops']), request: () => ({ path: '/api/v1/tasks/pools' }) },
  'POST /api/v1/tasks/coverage-routing': {
    // Whoever may change the coverage period; a physician only their own, and this one is a colleague's.
    expect: allow(['admin', 'scheduler']),
    request: async ({ owner }) => ({
      path: '/api/v1/tasks/coverage-routing',
      body: { coverageId: await owner.addCoverage(await owner.addPractitioner(), await owner.addPractitioner()) },
    }),
  },
  'GET /api/v1/tasks/{id}': {
    expect: allow(['admin', 'physician', 'ops'], OUTSIDE_THE_POOL),
    phi: true,
    request: async ({ stack, owner }) => ({ path: `/api/v1/tasks/${await signOff(stack, owner)}` }),
  },
  'POST /api/v1/tasks/{id}/claim': { ...poolCommand('claim', signOff), expect: allow(['physician'], OUTSIDE_THE_POOL), recordLevelDenials: ['admin'] },
  'POST /api/v1/tasks/{id}/release': poolCommand('release', (stack, owner) => signOffAfter(stack, owner, 'claim')),
  'POST /api/v1/tasks/{id}/hold': poolCommand('hold', signOff),
  'POST /api/v1/tasks/{id}/resume': poolCommand('resume', (stack, owner) => signOffAfter(stack, owner, 'hold')),
  'POST /api/v1/tasks/{id}/reassign': poolCommand('reassign', signOff, async (owner) => ({ to: (await owner.addUser('physician')).id, reason: 'Route check' })),
  'POST /api/v1/tasks/{id}/complete': {
    ...poolCommand('complete', signOff, () => ({ outcome: 'approve' })),
    expect: allow(['physician'], OUTSIDE_THE_POOL),
    recordLevelDenials: ['admin'],
  },
};
