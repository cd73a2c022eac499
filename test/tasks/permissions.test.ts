import { type UserRole } from '../../src/authz/actor.js';
import { api } from '../support/http.js';
import { createTestTenant, type TestUser } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { type Clinic, createClinic } from './task-fixtures.js';

let stack: TestStack;
let clinic: Clinic;
let otherPhysician: TestUser;
let patientId: string;
const tasks: Record<string, string> = {};

beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createClinic(stack);
  patientId = await clinic.tenant.addPatient();
  const otherDepartment = await clinic.tenant.addDepartment();
  otherPhysician = await clinic.tenant.addUser('physician', { practitionerId: await clinic.tenant.addPractitioner() });
  await clinic.member(otherPhysician.id, otherDepartment);
  const make = async (name: string, body: Record<string, unknown>) => {
    const created = await clinic.createTask(clinic.tenant.token('admin'), { title: `Task ${name}`, patientId, ...body });
    expect(created.status).toBe(201);
    tasks[name] = created.body.taskId;
  };
  await make('signOff', { category: 'sign-off', assignee: { pool: { departmentId: clinic.departmentId, role: 'physician' } } });
  await make('otherSignOff', { category: 'sign-off', assignee: { pool: { departmentId: otherDepartment, role: 'physician' } } });
  await make('nursing', { category: 'nursing', assignee: { pool: { departmentId: clinic.departmentId, role: 'nurse' } } });
  await make('pharmacy', { category: 'pharmacy', assignee: { pool: { role: 'pharmacist' } } });
  await make('scheduling', { category: 'scheduling', type: 'reschedule-request', assignee: { pool: { role: 'scheduler' } } });
  await make('own', { category: 'administrative', assignee: { userId: clinic.physician.id } });
});
afterAll(() => stack.close());

const list = (token: string, query = '') => clinic.call('GET', `/api/v1/tasks${query}`, token);
const ids = (body: { items: { id: string }[] }) => body.items.map((t) => t.id).sort();
const named = (...names: string[]) => names.map((n) => tasks[n]!).sort();
const token = (role: UserRole) => clinic.tenant.token(role);

describe('inbox views per role', () => {
  it('When a physician lists, then mine holds their own tasks and pool their departments’ physician pools, with badge counts', async () => {
    const mine = await list(clinic.physician.accessToken, '?view=mine');
    expect(mine.status).toBe(200);
    expect(ids(mine.body)).toEqual(named('own'));
    const pool = await list(clinic.physician.accessToken, '?view=pool');
    expect(ids(pool.body)).toEqual(named('signOff'));
    expect(pool.body.counts).toEqual({ mine: 1, pool: 1 });
  });

  it('When a physician of another department lists their pool, then they see that department’s tasks only', async () => {
    expect(ids((await list(otherPhysician.accessToken, '?view=pool')).body)).toEqual(named('otherSignOff'));
  });

  it('When a nurse lists her pool, then she sees nursing work of her department, not physician sign-offs', async () => {
    expect(ids((await list(token('nurse'), '?view=pool')).body)).toEqual(named('nursing'));
  });

  it('When a pharmacist and a scheduler list their pools, then each sees their own kind of task only', async () => {
    expect(ids((await list(token('pharmacist'), '?view=pool')).body)).toEqual(named('pharmacy'));
    expect(ids((await list(token('scheduler'), '?view=pool')).body)).toEqual(named('scheduling'));
  });

  it('When an administrator lists all, then every task of the tenant is there with its content', async () => {
    const all = await list(token('admin'), '?view=all');
    expect(ids(all.body)).toEqual(named('signOff', 'otherSignOff', 'nursing', 'pharmacy', 'scheduling', 'own'));
    expect(all.body.items[0]).toMatchObject({ patientId, title: expect.stringMatching(/^Task /) });
    expect(all.body.counts.all).toBe(6);
  });

  it('When anyone but an administrator or ops asks for all, then it is refused', async () => {
    for (const role of ['physician', 'nurse', 'pharmacist', 'scheduler'] as const) expect((await list(token(role), '?view=all')).status).toBe(403);
  });

  it('When ops list all, then they see workflow state and no clinical content, and may not filter by patient', async () => {
    const all = await list(token('ops'), '?view=all');
    expect(ids(all.body)).toHaveLength(6);
    for (const item of all.body.items) {
      expect(item).toMatchObject({ id: expect.any(String), status: 'open', workflowId: expect.stringMatching(/^task-/) });
      for (const field of ['patientId', 'title', 'subject', 'outcome']) expect(item).not.toHaveProperty(field);
    }
    const one = await clinic.call('GET', `/api/v1/tasks/${tasks.signOff}`, token('ops'));
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty('instructions');
    expect(one.body.history[0]).not.toHaveProperty('reason');
    expect((await list(token('ops'), `?view=all&patientId=${patientId}`)).status).toBe(403);
    expect((await clinic.call('POST', `/api/v1/tasks/${tasks.signOff}/complete`, token('ops'), { outcome: 'approve' })).status).toBe(403);
  });

  it('When a patient or a service account asks for tasks, then it is refused', async () => {
    expect((await list(token('patient'))).status).toBe(403);
    expect((await api(stack.baseUrl, 'GET', '/api/v1/tasks', { headers: { 'x-api-key': clinic.tenant.apiKey } })).status).toBe(403);
  });
});

describe('one task', () => {
  it('When someone outside the task’s queues reads it, then it is not found, and the denial is audited', async () => {
    const refused = await clinic.call('GET', `/api/v1/tasks/${tasks.otherSignOff}`, clinic.physician.accessToken);
    expect(refused.status).toBe(404);
    const denial = await stack.ownerDb('audit_events').where({ entity_id: tasks.otherSignOff, actor_id: clinic.physician.id }).first();
    expect(denial).toMatchObject({ action: 'read', outcome: 'denied' });
    expect((await clinic.call('GET', `/api/v1/tasks/${tasks.pharmacy}`, token('scheduler'))).status).toBe(404);
  });

  it('When a physician of the pool reads it, then they get it with its history, and the read is audited', async () => {
    const one = await clinic.call('GET', `/api/v1/tasks/${tasks.signOff}`, clinic.physician.accessToken);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: tasks.signOff, title: 'Task signOff', patientId, history: [expect.objectContaining({ action: 'created' })] });
    const read = await stack.ownerDb('audit_events').where({ entity_id: tasks.signOff, actor_id: clinic.physician.id, action: 'read', outcome: 'allowed' }).first();
    expect(read).toMatchObject({ patient_id: patientId, entity_type: 'Task' });
  });

  it('When another tenant’s administrator asks for the task, then it is not found', async () => {
    const other = await createTestTenant(stack);
    expect((await clinic.call('GET', `/api/v1/tasks/${tasks.signOff}`, other.token('admin'))).status).toBe(404);
    expect(ids((await list(other.token('admin'), '?view=all')).body)).toEqual([]);
  });

  it('When a nurse claims and completes a nursing task of her pool, then both succeed', async () => {
    const nurse = token('nurse');
    expect((await clinic.call('POST', `/api/v1/tasks/${tasks.nursing}/claim`, nurse, {})).status).toBe(200);
    const done = await clinic.call('POST', `/api/v1/tasks/${tasks.nursing}/complete`, nurse, { outcome: 'done' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', outcome: 'done' });
  });

  it('When a physician claims a task of another department’s pool, then it is not found', async () => {
    expect((await clinic.call('POST', `/api/v1/tasks/${tasks.otherSignOff}/claim`, clinic.physician.accessToken, {})).status).toBe(404);
  });
});
