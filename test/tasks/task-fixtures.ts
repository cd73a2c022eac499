import { type TestStack } from '../support/stack.js';
import { api, type ApiResponse } from '../support/http.js';
import { createTestTenant, type TestTenant, type TestUser } from '../support/identity.js';

/**
 * A clinic for task tests: a fresh tenant (one user of every role), one department whose members
 * are the tenant's physician, a second physician and the nurse, and helpers to call the task API.
 */
export interface Clinic {
  tenant: TestTenant;
  departmentId: string;
  physician: TestUser;
  secondPhysician: TestUser;
  member(userId: string, departmentId?: string): Promise<void>;
  createTask(token: string, body: Record<string, unknown>): Promise<ApiResponse>;
  call(method: string, path: string, token: string, body?: unknown): Promise<ApiResponse>;
}

export async function createClinic(stack: TestStack): Promise<Clinic> {
  const tenant = await createTestTenant(stack);
  const departmentId = await tenant.addDepartment();
  const secondPractitionerId = await tenant.addPractitioner({ kind: 'physician' });
  const secondPhysician = await tenant.addUser('physician', { practitionerId: secondPractitionerId });
  const member = (userId: string, department = departmentId) =>
    tenant.scoped(async (trx) => {
      await trx('department_members').insert({ tenant_id: tenant.id, department_id: department, user_id: userId }).onConflict().ignore();
    });
  for (const user of [tenant.users.physician, secondPhysician, tenant.users.nurse]) await member(user.id);
  const call = (method: string, path: string, token: string, body?: unknown) => api(stack.baseUrl, method, path, { token, body });
  return {
    tenant,
    departmentId,
    physician: tenant.users.physician,
    secondPhysician,
    member,
    call,
    createTask: (token, body) => call('POST', '/api/v1/tasks', token, body),
  };
}

/** A sign-off for the department's physician pool, created by the nurse. */
export const signOffTask = (clinic: Clinic, extra: Record<string, unknown> = {}) => ({
  category: 'sign-off',
  type: 'form-review',
  title: 'Review the intake form',
  options: ['approve', 'decline'],
  assignee: { pool: { departmentId: clinic.departmentId, role: 'physician' } },
  ...extra,
});

export async function taskRow(stack: TestStack, taskId: string): Promise<Record<string, any>> {
  return stack.ownerDb('tasks').where({ id: taskId }).first();
}

export async function historyOf(stack: TestStack, taskId: string): Promise<Record<string, any>[]> {
  return stack.ownerDb('task_history').where({ task_id: taskId }).orderBy('id');
}

/** Polls until `check` returns a truthy value (workflow timers fire on the server's clock). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
