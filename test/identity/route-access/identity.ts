import { randomUUID } from 'node:crypto';
import { api } from '../../support/http.js';
import { totpCode } from '../../support/identity.js';
import { allow, EVERY_AUTHENTICATED, EVERY_USER, PUBLIC, type RouteCase } from './expectations.js';

const ADMIN = allow(['admin']);

/** Authentication, service-account keys, users, tenant settings and the audit trail. */
export const identityRoutes: Record<string, RouteCase> = {
  'POST /api/v1/auth/login': {
    expect: PUBLIC,
    request: async ({ owner }) => {
      const user = await owner.addUser('scheduler');
      return { path: '/api/v1/auth/login', body: { tenant: owner.slug, email: user.email, password: user.password } };
    },
  },
  'POST /api/v1/auth/refresh': {
    expect: PUBLIC,
    request: async ({ owner }) => ({ path: '/api/v1/auth/refresh', body: { refreshToken: (await owner.addUser('nurse')).refreshToken } }),
  },
  'POST /api/v1/auth/logout': {
    expect: allow(EVERY_AUTHENTICATED),
    request: async ({ freshUser }) => ({ path: '/api/v1/auth/logout', session: await freshUser() }),
  },
  'GET /api/v1/auth/me': { expect: allow(EVERY_AUTHENTICATED), request: () => ({ path: '/api/v1/auth/me' }) },
  'POST /api/v1/auth/mfa/enroll': {
    expect: allow(EVERY_USER),
    request: async ({ freshUser }) => ({ path: '/api/v1/auth/mfa/enroll', session: await freshUser() }),
  },
  'POST /api/v1/auth/mfa/verify': {
    expect: allow(EVERY_USER),
    request: async ({ stack, freshUser }) => {
      const session = await freshUser();
      if (!session) return { path: '/api/v1/auth/mfa/verify', body: { totp: '000000' } };
      const enrol = await api(stack.baseUrl, 'POST', '/api/v1/auth/mfa/enroll', { token: session.accessToken });
      return { path: '/api/v1/auth/mfa/verify', body: { totp: totpCode(enrol.body.secret as string) }, session };
    },
  },
  'POST /api/v1/auth/password': {
    expect: allow(EVERY_USER),
    request: async ({ freshUser }) => {
      const session = await freshUser();
      return { path: '/api/v1/auth/password', body: { currentPassword: session?.password ?? 'not-a-user', newPassword: `Fresh passphrase ${randomUUID()}` }, ...(session ? { session } : {}) };
    },
  },

  'GET /api/v1/api-keys': { expect: ADMIN, request: () => ({ path: '/api/v1/api-keys' }) },
  'POST /api/v1/api-keys': { expect: ADMIN, request: () => ({ path: '/api/v1/api-keys', body: { name: 'Route access check' } }) },
  'DELETE /api/v1/api-keys/{id}': {
    expect: ADMIN,
    request: async ({ stack, owner }) => {
      const issued = await api(stack.baseUrl, 'POST', '/api/v1/api-keys', { token: owner.token('admin'), body: { name: 'To revoke' } });
      return { path: `/api/v1/api-keys/${issued.body.id as string}` };
    },
  },

  'GET /api/v1/users': { expect: ADMIN, phi: true, request: () => ({ path: '/api/v1/users' }) },
  'POST /api/v1/users': {
    expect: ADMIN,
    phi: true,
    request: () => ({
      path: '/api/v1/users',
      body: { email: `new-${randomUUID()}@example.test`, displayName: 'New scheduler', role: 'scheduler', password: 'a-long-initial-password' },
    }),
  },
  'GET /api/v1/users/{id}': { expect: ADMIN, phi: true, request: ({ owner }) => ({ path: `/api/v1/users/${owner.users.patient.id}` }) },
  'PATCH /api/v1/users/{id}': {
    expect: ADMIN,
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/users/${(await owner.addUser('nurse')).id}`, body: { role: 'scheduler' } }),
  },
  'POST /api/v1/users/{id}/mfa-reset': {
    expect: ADMIN,
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/users/${(await owner.addUser('physician')).id}/mfa-reset` }),
  },
  'GET /api/v1/users/{id}/sign-in-lock': { expect: ADMIN, request: ({ owner }) => ({ path: `/api/v1/users/${owner.users.nurse.id}/sign-in-lock` }) },
  'DELETE /api/v1/users/{id}/sign-in-lock': {
    expect: ADMIN,
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/users/${(await owner.addUser('nurse')).id}/sign-in-lock` }),
  },

  'GET /api/v1/tenant': { expect: ADMIN, request: () => ({ path: '/api/v1/tenant' }) },
  'PATCH /api/v1/tenant': { expect: ADMIN, request: () => ({ path: '/api/v1/tenant', body: { locale: 'en-US' } }) },

  'GET /api/v1/audit-events': { expect: ADMIN, phi: true, request: () => ({ path: '/api/v1/audit-events?limit=5' }) },
};
