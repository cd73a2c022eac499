import { Router } from 'express';
import { type AppDeps } from '../api/app-deps.js';
import { defineRoute } from '../api/openapi/define-route.js';
import { z } from '../api/openapi/registry.js';
import { currentActor, withRequestTenant } from '../authz/request-scope.js';
import { IdParams } from '../registry/shared/validators.js';
import { changeOwnPassword } from './password-change.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';
import { clearSignInLock, getSignInLock } from './sign-in-lock.js';

const SignInLock = z
  .object({
    locked: z.boolean(),
    retryAfterSeconds: z.number().int().optional().openapi({ description: 'Seconds until the lock ends by itself.' }),
  })
  .openapi('SignInLock');

/** A user's own password change, and an administrator's view and release of a user's sign-in lock. */
export function credentialRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/auth/password',
    summary: 'Change your own password',
    description:
      'Needs the current password; a wrong one counts as a failed sign-in (429 once locked). The new password must be 12–256 characters, differ from the current one and not contain your e-mail name or the clinic’s sign-in name. Every other session of yours ends.',
    tags: ['Authentication'],
    security: ['bearerAuth'],
    body: z.object({
      currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
      newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
    }),
    successStatus: 204,
    responses: {
      204: { description: 'Changed' },
      403: { description: 'Current password incorrect' },
      422: { description: 'New password not acceptable' },
      429: { description: 'Too many failed attempts' },
    },
    handler: async ({ body, req }) => {
      await changeOwnPassword(db, config, currentActor().actor, body, req.ip);
      return undefined;
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/users/:id/sign-in-lock',
    summary: 'Whether repeated failed sign-ins have locked a user out',
    tags: ['Users'],
    permission: ['read', 'User'],
    params: IdParams,
    responses: { 200: { description: 'Lock state', schema: SignInLock } },
    handler: ({ params }) => withRequestTenant(db, (scope) => getSignInLock(scope, db, config, params.id)),
  });
  defineRoute(router, {
    method: 'delete',
    path: '/api/v1/users/:id/sign-in-lock',
    summary: 'Lift a user’s sign-in lock (after checking who is asking)',
    description: 'Clears the account’s failed-attempt count. Locks on client IP addresses stay. Audited.',
    tags: ['Users'],
    permission: ['update', 'User'],
    params: IdParams,
    responses: { 200: { description: 'Unlocked', schema: SignInLock } },
    handler: ({ params }) => withRequestTenant(db, (scope) => clearSignInLock(scope, db, config, params.id)),
  });
  return router;
}
