import { Router } from 'express';
import { type AppDeps } from '../api/app-deps.js';
import { defineRoute } from '../api/openapi/define-route.js';
import { z } from '../api/openapi/registry.js';
import { withRequestTenant } from '../authz/request-scope.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.js';

const ApiKeyView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    name: z.string(),
    role: z.string(),
    createdBy: z.uuid().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');
const IssuedApiKey = ApiKeyView.extend({ apiKey: z.string().openapi({ description: 'Send as X-API-Key. Shown only once.' }) }).openapi('IssuedApiKey');
const tags = ['Service accounts'];

/** Service-account API keys (admins): issue, list, revoke. */
export function apiKeyRoutes({ db }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/api-keys',
    summary: 'List service-account API keys',
    tags,
    permission: ['read', 'ApiKey'],
    responses: { 200: { description: 'Keys (never the secret)', schema: z.object({ items: z.array(ApiKeyView) }) } },
    handler: async () => ({ items: await withRequestTenant(db, (scope) => listApiKeys(scope)) }),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/api-keys',
    summary: 'Issue an API key for a lab or pharmacy integration',
    tags,
    permission: ['create', 'ApiKey'],
    body: z.object({ name: z.string().min(1).max(120), role: z.literal('integration').default('integration') }),
    successStatus: 201,
    responses: { 201: { description: 'Issued', schema: IssuedApiKey } },
    handler: ({ body }) => withRequestTenant(db, (scope) => createApiKey(scope, body)),
  });
  defineRoute(router, {
    method: 'delete',
    path: '/api/v1/api-keys/:id',
    summary: 'Revoke an API key',
    tags,
    permission: ['delete', 'ApiKey'],
    params: z.object({ id: z.uuid() }),
    successStatus: 204,
    responses: { 204: { description: 'Revoked' } },
    handler: async ({ params }) => {
      await withRequestTenant(db, (scope) => revokeApiKey(scope, params.id));
      return undefined;
    },
  });
  return router;
}
