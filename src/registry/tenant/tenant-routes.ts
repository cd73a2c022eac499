import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { TenantUpdate, TenantView } from './tenant-settings.js';
import { getTenant, updateTenant } from './tenant-use-cases.js';

const tags = ['Tenant'];

/** The caller's own tenant: name, time zone, locale and policy settings (admins). */
export function tenantRoutes({ db }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/tenant',
    summary: 'Read the tenant’s settings',
    tags,
    permission: ['read', 'Tenant'],
    responses: { 200: { description: 'The tenant', schema: TenantView } },
    handler: () => withRequestTenant(db, (scope) => getTenant(scope)),
  });
  defineRoute(router, {
    method: 'patch',
    path: '/api/v1/tenant',
    summary: 'Change the tenant’s settings',
    description:
      'settings.auth.mfaRequiredRoles adds roles that need MFA; settings.auth.idleTimeoutSeconds sets automatic logoff; ' +
      'settings.tasks.emailNotices: false keeps task reminders and escalations in the inbox (no staff email).',
    tags,
    permission: ['update', 'Tenant'],
    body: TenantUpdate,
    responses: { 200: { description: 'Changed', schema: TenantView } },
    handler: ({ body }) => withRequestTenant(db, (scope) => updateTenant(scope, body)),
  });
  return router;
}
