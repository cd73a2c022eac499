import { randomUUID } from 'node:crypto';
import { api } from '../support/http.js';
import { createTestTenant, type TestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';

/** A new documentation-range IP per call (fewer than 254 per file): no test meets an IP bucket another one locked. */
let ipSeq = 0;
const clientIp = () => `203.0.113.${(ipSeq++ % 254) + 1}`;

let stack: TestStack;
let tenant: TestTenant;
beforeAll(async () => {
  process.env.LOGIN_MAX_FAILURES_PER_IP = '12';
  stack = await startTestStack();
  tenant = await createTestTenant(stack);
});
afterAll(() => stack.close());

const login = (email: string, password: string, ip = clientIp()) =>
  api(stack.baseUrl, 'POST', '/api/v1/auth/login', { body: { tenant: tenant.slug, email, password }, headers: { 'x-forwarded-for': ip } });
const changePassword = (token: string, body: Record<string, unknown>, ip = clientIp()) =>
  api(stack.baseUrl, 'POST', '/api/v1/auth/password', { token, body, headers: { 'x-forwarded-for': ip } });
const me = (token: string) => api(stack.baseUrl, 'GET', '/api/v1/auth/me', { token });
const newPassword = () => `Quiet river ${randomUUID().slice(0, 8)} lantern`;

describe('changing your own password', () => {
  it('When a nurse changes her password, then the new one signs in, the old one does not, her other sessions end and this one stays', async () => {
    const nurse = await tenant.addUser('nurse');
    const other = await login(nurse.email, nurse.password);
    expect(other.status).toBe(200);
    const next = newPassword();

    const res = await changePassword(nurse.accessToken, { currentPassword: nurse.password, newPassword: next });
    expect(res.status).toBe(204);

    expect((await me(nurse.accessToken)).status).toBe(200);
    expect((await me(other.body.accessToken as string)).status).toBe(401);
    const refreshed = await api(stack.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: other.body.refreshToken } });
    expect(refreshed.status).toBe(401);
    expect((await login(nurse.email, nurse.password)).status).toBe(401);
    expect((await login(nurse.email, next)).status).toBe(200);

    const audit = await stack.ownerDb('audit_events').where({ tenant_id: tenant.id, entity_id: nurse.id, action: 'password-change' });
    expect(audit).toEqual([expect.objectContaining({ outcome: 'allowed', actor_id: nurse.id })]);
    expect(JSON.stringify(audit)).not.toContain(next);
  });

  it('When the current password is wrong, then 403 and nothing changes; repeated, the account locks like a sign-in (429)', async () => {
    const nurse = await tenant.addUser('nurse');
    const ip = clientIp();
    const wrong = await changePassword(nurse.accessToken, { currentPassword: 'not-my-password', newPassword: newPassword() }, ip);
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body.type).toContain('current-password-incorrect');
    expect((await login(nurse.email, nurse.password)).status).toBe(200);

    // The successful sign-in above cleared the count: five more failures lock the account.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await changePassword(nurse.accessToken, { currentPassword: `wrong-${i}`, newPassword: newPassword() }, clientIp())).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    expect((await login(nurse.email, nurse.password)).status).toBe(429);
    const denied = await stack.ownerDb('audit_events').where({ tenant_id: tenant.id, entity_id: nurse.id, action: 'password-change', outcome: 'denied' });
    expect(denied.length).toBe(6);
  });

  it('When the new password is the current one, too short, or contains the e-mail name, then it is refused with a pointer to the field', async () => {
    const nurse = await tenant.addUser('nurse');
    const same = await changePassword(nurse.accessToken, { currentPassword: nurse.password, newPassword: nurse.password });
    expect(same.status).toBe(422);
    expect(same.body.errors).toEqual([expect.objectContaining({ pointer: '/body/newPassword' })]);
    const short = await changePassword(nurse.accessToken, { currentPassword: nurse.password, newPassword: 'short' });
    expect(short.status).toBe(400);
    const personal = await changePassword(nurse.accessToken, { currentPassword: nurse.password, newPassword: `${nurse.email.split('@')[0]}-and-more` });
    expect(personal.status).toBe(422);
    expect((await login(nurse.email, nurse.password)).status).toBe(200);
  });
});

describe('sign-in locks', () => {
  it('When an administrator lifts a locked-out user’s lock, then the user signs in at once and the release is audited', async () => {
    const scheduler = await tenant.addUser('scheduler');
    for (let i = 0; i < 5; i++) await login(scheduler.email, `wrong-${i}`);
    expect((await login(scheduler.email, scheduler.password)).status).toBe(429);

    const path = `/api/v1/users/${scheduler.id}/sign-in-lock`;
    const before = await api(stack.baseUrl, 'GET', path, { token: tenant.token('admin') });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ locked: true, retryAfterSeconds: expect.any(Number) });

    const lifted = await api(stack.baseUrl, 'DELETE', path, { token: tenant.token('admin') });
    expect(lifted.status).toBe(200);
    expect(lifted.body).toEqual({ locked: false });
    expect((await login(scheduler.email, scheduler.password)).status).toBe(200);

    const audit = await stack.ownerDb('audit_events').where({ tenant_id: tenant.id, entity_id: scheduler.id, action: 'unlock' });
    expect(audit).toEqual([expect.objectContaining({ actor_id: tenant.users.admin.id, details: { wasLocked: true } })]);
  });

  it('When a client IP is locked, then lifting the account’s lock leaves the IP locked', async () => {
    const scheduler = await tenant.addUser('scheduler');
    const ip = clientIp();
    for (let i = 0; i < 12; i++) await login(`nobody-${i}-${randomUUID()}@example.test`, 'wrong', ip);
    expect((await login(scheduler.email, scheduler.password, ip)).status).toBe(429);
    await api(stack.baseUrl, 'DELETE', `/api/v1/users/${scheduler.id}/sign-in-lock`, { token: tenant.token('admin') });
    expect((await login(scheduler.email, scheduler.password, ip)).status).toBe(429);
    expect((await login(scheduler.email, scheduler.password)).status).toBe(200);
  });

  it('When the user belongs to another clinic, then the administrator gets 404', async () => {
    const elsewhere = await createTestTenant(stack);
    const res = await api(stack.baseUrl, 'DELETE', `/api/v1/users/${elsewhere.users.nurse.id}/sign-in-lock`, { token: tenant.token('admin') });
    expect(res.status).toBe(404);
  });
});
