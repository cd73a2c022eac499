import { DEFAULT_APPOINTMENT_SETTINGS } from '../../src/appointments/settings.js';
import { api } from '../support/http.js';
import { createTestTenant, type TestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';

let stack: TestStack;
let tenant: TestTenant;
beforeAll(async () => {
  stack = await startTestStack();
  tenant = await createTestTenant(stack, { settings: { messaging: { clinicName: 'Lakeside Clinic' }, referrals: { scheduling: 'scheduler' } } });
});
afterAll(() => stack.close());

const call = (method: 'GET' | 'PUT', role: 'admin' | 'scheduler', body?: unknown) => api(stack.baseUrl, method, '/api/v1/settings/appointments', { token: tenant.token(role), body });

describe('appointment settings', () => {
  it('When an administrator replaces the reminder plan, then schedulers read it back, other features keep their settings, and the change is audited', async () => {
    expect((await call('GET', 'scheduler')).body).toEqual(DEFAULT_APPOINTMENT_SETTINGS);
    const plan = { ...DEFAULT_APPOINTMENT_SETTINGS, reminderPlan: [{ id: 'day-before', before: 'P1D', channel: 'preferred', template: 'appointment.reminder' }], noShowGrace: 'PT20M' };
    const put = await call('PUT', 'admin', plan);
    expect(put.status).toBe(200);
    expect((await call('GET', 'scheduler')).body).toEqual(plan);
    const { settings } = await stack.ownerDb('tenants').where({ id: tenant.id }).first('settings');
    expect(settings).toEqual({ messaging: { clinicName: 'Lakeside Clinic' }, referrals: { scheduling: 'scheduler' }, appointments: plan });
    expect(await stack.ownerDb('audit_events').where({ tenant_id: tenant.id, entity_type: 'AppointmentSettings' })).toEqual([
      expect.objectContaining({ action: 'update', actor_id: tenant.users.admin.id, details: { steps: ['day-before'] } }),
    ]);
  });

  it('When the plan repeats a step or has a bad duration, then 400 names it and the plan in force stays', async () => {
    const before = (await call('GET', 'admin')).body;
    const step = { id: 'same', before: 'PT2H', channel: 'sms', template: 'appointment.reminder' };
    const res = await call('PUT', 'admin', { ...before, reminderPlan: [step, step], noShowGrace: '15 minutes' });
    expect(res.status).toBe(400);
    expect((res.body.errors as { pointer: string }[]).map((e) => e.pointer).sort()).toEqual(['/body/noShowGrace', '/body/reminderPlan']);
    expect((await call('GET', 'admin')).body).toEqual(before);
    expect((await call('PUT', 'scheduler', before)).status).toBe(403);
  });
});
