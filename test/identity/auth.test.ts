import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { api } from '../support/http.js';
import { createTestTenant, type TestTenant, totpCode } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';

/** A new documentation-range IP per call (fewer than 254 per file): no test meets an IP bucket another one locked. */
let ipSeq = 0;
const clientIp = () => `198.51.100.${(ipSeq++ % 254) + 1}`;
const fromIp = (ip: string) => ({ 'x-forwarded-for': ip });

let stack: TestStack;
let tenant: TestTenant;

beforeAll(async () => {
  process.env.LOGIN_MAX_FAILURES_PER_IP = '12';
  stack = await startTestStack();
  tenant = await createTestTenant(stack);
});
afterAll(() => stack.close());

const login = (body: Record<string, unknown>, ip = clientIp()) => api(stack.baseUrl, 'POST', '/api/v1/auth/login', { body, headers: fromIp(ip) });
const me = (token: string) => api(stack.baseUrl, 'GET', '/api/v1/auth/me', { token });

describe('login', () => {
  it('When a nurse signs in with the right password, then a short-lived access token and a refresh token come back', async () => {
    const res = await login({ tenant: tenant.slug, email: tenant.users.nurse.email, password: tenant.users.nurse.password });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { id: tenant.users.nurse.id, role: 'nurse' } });
    expect(res.body.refreshToken).toMatch(/^scxr_/);
    const claims = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(900);
    expect(claims).toMatchObject({ sub: tenant.users.nurse.id, tid: tenant.id, role: 'nurse' });
    expect((await me(res.body.accessToken)).body).toMatchObject({ id: tenant.users.nurse.id, role: 'nurse', mfa: false });
  });

  it('When the password, the e-mail or the tenant is wrong, then the answers are identical', async () => {
    const wrongPassword = await login({ tenant: tenant.slug, email: tenant.users.nurse.email, password: 'not-the-password' });
    const unknownEmail = await login({ tenant: tenant.slug, email: `nobody-${randomUUID()}@example.test`, password: 'not-the-password' });
    const unknownTenant = await login({ tenant: `nowhere-${randomUUID()}`, email: tenant.users.nurse.email, password: 'not-the-password' });
    for (const res of [wrongPassword, unknownEmail, unknownTenant]) {
      expect(res.status).toBe(401);
      expect({ ...res.body, requestId: undefined, instance: undefined }).toEqual({ ...wrongPassword.body, requestId: undefined, instance: undefined });
    }
  });

  it('When an access token has expired, then it is refused with 401 token-expired', async () => {
    const expired = await new SignJWT({ tid: tenant.id, role: 'nurse', sid: tenant.users.nurse.sessionId, amr: ['pwd'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(tenant.users.nurse.id)
      .setIssuer('smartclinix')
      .setAudience('smartclinix-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 1000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 100)
      .sign(new TextEncoder().encode(stack.config.auth.jwtSigningKey));
    const res = await me(expired);
    expect(res.status).toBe(401);
    expect(res.body.type).toContain('token-expired');
  });

  it('When a token is signed with another key, then it is refused', async () => {
    const forged = await new SignJWT({ tid: tenant.id, role: 'admin', sid: tenant.users.nurse.sessionId, amr: ['pwd', 'otp'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(tenant.users.nurse.id)
      .setIssuer('smartclinix')
      .setAudience('smartclinix-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-different-key-that-is-long-enough-to-sign'));
    expect((await me(forged)).status).toBe(401);
  });
});

describe('throttling', () => {
  it('When an account fails five times, then it is locked (429 with Retry-After) even for the right password', async () => {
    const user = await tenant.addUser('scheduler');
    const ip = clientIp();
    for (let i = 0; i < 5; i += 1) expect((await login({ tenant: tenant.slug, email: user.email, password: 'wrong-password' }, ip)).status).toBe(401);
    const locked = await login({ tenant: tenant.slug, email: user.email, password: user.password }, clientIp());
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('When an account that does not exist fails five times, then it locks the same way (existence is not revealed)', async () => {
    const email = `ghost-${randomUUID()}@example.test`;
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await login({ tenant: tenant.slug, email, password: 'wrong-password' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('When one client IP fails across many accounts, then that IP is locked for every account', async () => {
    const ip = clientIp();
    for (let i = 0; i < 12; i += 1) await login({ tenant: tenant.slug, email: `spray-${i}-${randomUUID()}@example.test`, password: 'wrong-password' }, ip);
    const user = await tenant.addUser('scheduler');
    expect((await login({ tenant: tenant.slug, email: user.email, password: user.password }, ip)).status).toBe(429);
    expect((await login({ tenant: tenant.slug, email: user.email, password: user.password }, clientIp())).status).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('When a refresh token is used, then new tokens come back and the old refresh token is spent', async () => {
    const user = await tenant.addUser('nurse');
    const first = await api(stack.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    expect((await me(first.body.accessToken)).status).toBe(200);
    const second = await api(stack.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(second.status).toBe(200);
  });

  it('When a spent refresh token is presented again, then the whole session is revoked', async () => {
    const user = await tenant.addUser('nurse');
    const rotated = await api(stack.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(rotated.status).toBe(200);
    const reuse = await api(stack.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(reuse.status).toBe(401);
    // The legitimate holder's newer tokens die with the family.
    expect((await api(stack.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } })).status).toBe(401);
    expect((await me(rotated.body.accessToken)).status).toBe(401);
    const audit = await stack.ownerDb('audit_events').where({ tenant_id: tenant.id, entity_id: user.sessionId, reason: 'refresh-token-reuse' });
    expect(audit).toHaveLength(1);
  });

  it('When a refresh token is forged for another tenant, then it is refused', async () => {
    const other = `scxr_${randomUUID().replace(/-/g, '')}_${tenant.users.nurse.refreshToken.split('_')[2]}`;
    expect((await api(stack.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: other } })).status).toBe(401);
  });

  it('When a user logs out, then neither the access token nor the refresh token works again', async () => {
    const user = await tenant.addUser('scheduler');
    expect((await api(stack.baseUrl, 'POST', '/api/v1/auth/logout', { token: user.accessToken })).status).toBe(204);
    expect((await me(user.accessToken)).body.type).toContain('session-ended');
    expect((await api(stack.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);
  });
});

describe('MFA', () => {
  it('When a physician without a second factor signs in, then only MFA enrolment is allowed until it is done', async () => {
    const physician = await tenant.addUser('physician', { mfa: false });
    const first = await login({ tenant: tenant.slug, email: physician.email, password: physician.password });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ mfaEnrollmentRequired: true });
    expect(first.body.refreshToken).toBeUndefined();
    const limited = first.body.accessToken as string;
    expect((await api(stack.baseUrl, 'GET', '/api/v1/patients', { token: limited })).status).toBe(403);

    const enrol = await api(stack.baseUrl, 'POST', '/api/v1/auth/mfa/enroll', { token: limited });
    expect(enrol.status).toBe(200);
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await api(stack.baseUrl, 'POST', '/api/v1/auth/mfa/verify', { token: limited, body: { totp: '000000' }, headers: fromIp(clientIp()) });
    expect(wrong.status).toBe(422);
    const verified = await api(stack.baseUrl, 'POST', '/api/v1/auth/mfa/verify', { token: limited, body: { totp: totpCode(enrol.body.secret) } });
    expect(verified.status).toBe(200);
    expect((await api(stack.baseUrl, 'GET', '/api/v1/patients', { token: verified.body.accessToken })).status).toBe(200);
    expect((await me(verified.body.accessToken)).body.mfa).toBe(true);

    const withoutCode = await login({ tenant: tenant.slug, email: physician.email, password: physician.password });
    expect(withoutCode.status).toBe(401);
    expect(withoutCode.body.type).toContain('mfa-required');
    // The enrolment consumed this step's code; the next step's code is within the drift window.
    const withCode = await login({
      tenant: tenant.slug,
      email: physician.email,
      password: physician.password,
      totp: totpCode(enrol.body.secret, Math.floor(Date.now() / 1000) + 30),
    });
    expect(withCode.status).toBe(200);
    expect(withCode.body.refreshToken).toBeDefined();
  });

  it('When an enrolled user replays a code, then the second sign-in is refused', async () => {
    const pharmacist = await tenant.addUser('pharmacist');
    const code = totpCode(pharmacist.totpSecret!);
    expect((await login({ tenant: tenant.slug, email: pharmacist.email, password: pharmacist.password, totp: code })).status).toBe(200);
    expect((await login({ tenant: tenant.slug, email: pharmacist.email, password: pharmacist.password, totp: code })).status).toBe(401);
  });

  it('When a tenant adds nurses to the MFA roles, then a nurse without a second factor must enrol', async () => {
    const strict = await createTestTenant(stack, { settings: { auth: { mfaRequiredRoles: ['nurse'] } } });
    const nurse = await strict.addUser('nurse', { mfa: false });
    const res = await login({ tenant: strict.slug, email: nurse.email, password: nurse.password });
    expect(res.body.mfaEnrollmentRequired).toBe(true);
  });
});

describe('automatic logoff', () => {
  it('When a session is idle beyond the tenant limit, then its access and refresh tokens stop working and the logoff is audited', async () => {
    const strict = await createTestTenant(stack, { settings: { auth: { idleTimeoutSeconds: 2 } } });
    const user = strict.users.scheduler;
    expect((await me(user.accessToken)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3100));
    const res = await me(user.accessToken);
    expect(res.status).toBe(401);
    expect(res.body.type).toContain('session-expired');
    expect((await api(stack.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    const logoff = await stack.ownerDb('audit_events').where({ tenant_id: strict.id, action: 'logoff', reason: 'idle-timeout' });
    expect(logoff).toHaveLength(1);
  });

  it('When a session is used within the limit, then activity keeps it alive', async () => {
    const strict = await createTestTenant(stack, { settings: { auth: { idleTimeoutSeconds: 2 } } });
    for (let i = 0; i < 3; i += 1) {
      await new Promise((r) => setTimeout(r, 1000));
      expect((await me(strict.users.nurse.accessToken)).status).toBe(200);
    }
  });

  it('When a session idles only on refresh, then refresh is refused', async () => {
    const strict = await createTestTenant(stack, { settings: { auth: { idleTimeoutSeconds: 1 } } });
    await new Promise((r) => setTimeout(r, 2100));
    const res = await api(stack.baseUrl, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: strict.users.nurse.refreshToken } });
    expect(res.status).toBe(401);
    expect(res.body.type).toContain('session-expired');
  });
});

describe('service accounts', () => {
  it('When an integration calls with its API key, then it acts as a service account of its tenant', async () => {
    const res = await api(stack.baseUrl, 'GET', '/api/v1/auth/me', { headers: { 'x-api-key': tenant.apiKey } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'service', id: tenant.apiKeyId, role: 'integration', tenantId: tenant.id });
  });

  it('When an admin revokes the key, then the next call is refused', async () => {
    const issued = await api(stack.baseUrl, 'POST', '/api/v1/api-keys', { token: tenant.token('admin'), body: { name: 'Pharmacy system' } });
    expect(issued.status).toBe(201);
    expect((await api(stack.baseUrl, 'GET', '/api/v1/auth/me', { headers: { 'x-api-key': issued.body.apiKey } })).status).toBe(200);
    expect((await api(stack.baseUrl, 'DELETE', `/api/v1/api-keys/${issued.body.id}`, { token: tenant.token('admin') })).status).toBe(204);
    const after = await api(stack.baseUrl, 'GET', '/api/v1/auth/me', { headers: { 'x-api-key': issued.body.apiKey } });
    expect(after.status).toBe(401);
    const list = await api(stack.baseUrl, 'GET', '/api/v1/api-keys', { token: tenant.token('admin') });
    expect(JSON.stringify(list.body)).not.toContain(issued.body.apiKey);
  });

  it('When a key is presented with another tenant’s ID, then it is refused', async () => {
    const moved = tenant.apiKey.replace(/^scxk_[0-9a-f]{32}_/, `scxk_${randomUUID().replace(/-/g, '')}_`);
    expect((await api(stack.baseUrl, 'GET', '/api/v1/auth/me', { headers: { 'x-api-key': moved } })).status).toBe(401);
  });
});
