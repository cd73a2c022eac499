import { type Request, Router } from 'express';
import { type AppDeps } from '../api/app-deps.js';
import { defineRoute } from '../api/openapi/define-route.js';
import { z } from '../api/openapi/registry.js';
import { currentActor, withRequestTenant } from '../authz/request-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../db/tenant-scope.js';
import { login } from './login.js';
import { completeMfaEnrollment, startMfaEnrollment } from './mfa-enrollment.js';
import { refreshSession } from './refresh.js';
import { revokeSession } from './sessions.js';

const tags = ['Authentication'];

const TokenResponse = z
  .object({
    tokenType: z.literal('Bearer'),
    accessToken: z.string(),
    expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires (at most 900).' }),
    refreshToken: z.string().optional().openapi({ description: 'Opaque, single use: each refresh returns a new one.' }),
    mfaEnrollmentRequired: z.boolean().optional().openapi({
      description: 'The role needs MFA and none is enrolled: the access token may only call /auth/mfa/enroll and /auth/mfa/verify.',
    }),
    user: z.object({ id: z.uuid(), role: z.string(), tenantId: z.uuid() }).optional(),
  })
  .openapi('TokenResponse');

const client = (req: Request) => ({ ip: req.ip, userAgent: req.header('user-agent') });
const tokens = (t: { tokenType: 'Bearer'; accessToken: string; expiresIn: number; refreshToken: string }) => ({
  tokenType: t.tokenType,
  accessToken: t.accessToken,
  expiresIn: t.expiresIn,
  refreshToken: t.refreshToken,
});

/** Sign-in, token refresh and sign-out, and TOTP enrolment. */
export function authRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Sign in with tenant, e-mail, password and (when enrolled) a TOTP code',
    description:
      'Failures are answered identically whatever was wrong. Repeated failures per account and per client IP lock sign-in for a while (429 with Retry-After).',
    tags,
    body: z.object({
      tenant: z.string().min(1).max(100).openapi({ example: 'northside-clinic' }),
      email: z.string().min(3).max(254),
      password: z.string().min(1).max(1024),
      totp: z.string().max(12).optional(),
    }),
    responses: {
      200: { description: 'Signed in (or enrolment-only token)', schema: TokenResponse },
      429: { description: 'Too many failed attempts' },
    },
    handler: async ({ body, req }) => {
      const result = await login(db, config, { ...body, ...client(req) });
      if (result.kind === 'mfa-enrollment-required') {
        return { tokenType: 'Bearer' as const, accessToken: result.accessToken, expiresIn: result.expiresIn, mfaEnrollmentRequired: true, user: result.user };
      }
      return { ...tokens(result.tokens), user: result.user };
    },
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/auth/refresh',
    summary: 'Exchange a refresh token for new tokens (rotation)',
    description: 'A refresh token works once. Presenting a spent one revokes its whole session. Sessions idle beyond the tenant limit cannot refresh.',
    tags,
    body: z.object({ refreshToken: z.string().min(1).max(200) }),
    responses: { 200: { description: 'New tokens', schema: TokenResponse } },
    handler: async ({ body, req }) => tokens(await refreshSession(db, config, body.refreshToken, client(req))),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/auth/logout',
    summary: 'Sign out: ends the session (refresh and access tokens)',
    tags,
    security: ['bearerAuth'],
    successStatus: 204,
    responses: { 204: { description: 'Signed out' } },
    handler: async () => {
      const { actor } = currentActor();
      if (actor.sessionId) {
        const sessionId = actor.sessionId;
        await withTenant(db, actor.tenantId, async (trx) => {
          await revokeSession(trx, sessionId);
          await recordAudit(trx, actor, { action: 'logout', entityType: 'Session', entityId: sessionId });
        });
      }
      return undefined;
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/auth/me',
    summary: 'Who the caller is and what they may do (CASL rules, for UIs)',
    tags,
    security: ['bearerAuth', 'apiKey'],
    responses: {
      200: {
        description: 'The caller',
        schema: z.object({
          type: z.enum(['user', 'service', 'system']),
          id: z.string(),
          tenantId: z.uuid(),
          role: z.string(),
          practitionerId: z.uuid().optional(),
          patientId: z.uuid().optional(),
          mfa: z.boolean(),
          mfaEnrollmentPending: z.boolean(),
          rules: z.array(z.record(z.string(), z.unknown())),
        }),
      },
    },
    handler: () => {
      const { actor, ability } = currentActor();
      return {
        type: actor.type,
        id: actor.id,
        tenantId: actor.tenantId,
        role: actor.role,
        ...(actor.practitionerId ? { practitionerId: actor.practitionerId } : {}),
        ...(actor.patientId ? { patientId: actor.patientId } : {}),
        mfa: actor.mfa,
        mfaEnrollmentPending: actor.mfaEnrollmentPending ?? false,
        rules: ability.rules as unknown as Record<string, unknown>[],
      };
    },
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/auth/mfa/enroll',
    summary: 'Start TOTP enrolment: returns a new secret and otpauth URI (shown once)',
    tags,
    permission: ['enroll', 'Mfa'],
    responses: { 200: { description: 'Secret to add to an authenticator app', schema: z.object({ secret: z.string(), otpauthUri: z.string() }) } },
    handler: () => withRequestTenant(db, (scope) => startMfaEnrollment(scope, config)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/auth/mfa/verify',
    summary: 'Finish TOTP enrolment with the first code; returns a session signed in with both factors',
    tags,
    permission: ['enroll', 'Mfa'],
    body: z.object({ totp: z.string().min(6).max(12) }),
    responses: { 200: { description: 'Enrolled; new tokens', schema: TokenResponse } },
    handler: async ({ body, req }) => {
      const { actor } = currentActor();
      return tokens(await completeMfaEnrollment(db, config, actor, body.totp, client(req)));
    },
  });
  return router;
}
