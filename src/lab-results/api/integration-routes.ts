import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { ProblemSchema, z } from '../../api/openapi/registry.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { IdParams } from '../../registry/shared/validators.js';
import { createLabIntegration, getLabIntegration, listLabIntegrations, updateLabIntegration } from '../integrations/integration-admin.js';
import { LabIntegrationCreate, LabIntegrationListQuery, LabIntegrationUpdate, LabIntegrationView } from './configuration-schemas.js';

const tags = ['Lab configuration'];
const problem = (description: string) => ({ description, schema: ProblemSchema, contentType: 'application/problem+json' });
const CONFLICT = problem('The sender already goes to another integration (code sender-taken)');
const INVALID = problem('apiKeyId is not an active integration key of the tenant');

/**
 * The allow-list of sending labs (administrators; ops read it). The MLLP listener and HTTP ingest
 * read it for every message, so a change applies to the next one.
 */
export function labIntegrationRoutes({ db }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/lab-integrations',
    summary: 'List the tenant’s lab integrations',
    tags,
    permission: ['read', 'LabIntegration'],
    query: LabIntegrationListQuery,
    responses: { 200: { description: 'By name', schema: z.object({ items: z.array(LabIntegrationView) }) } },
    handler: async ({ query }) => ({ items: await withRequestTenant(db, (scope) => listLabIntegrations(scope, query)) }),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/lab-integrations',
    summary: 'Allow-list a sending lab (MSH-4, optionally MSH-3 and MSH-6)',
    tags,
    permission: ['create', 'LabIntegration'],
    body: LabIntegrationCreate,
    successStatus: 201,
    responses: { 201: { description: 'Created; its messages are accepted from the next one on', schema: LabIntegrationView }, 409: CONFLICT, 422: INVALID },
    handler: ({ body }) => withRequestTenant(db, (scope) => createLabIntegration(scope, body)),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/lab-integrations/:id',
    summary: 'Read a lab integration',
    tags,
    permission: ['read', 'LabIntegration'],
    params: IdParams,
    responses: { 200: { description: 'The integration', schema: LabIntegrationView } },
    handler: ({ params }) => withRequestTenant(db, (scope) => getLabIntegration(scope, params.id)),
  });
  defineRoute(router, {
    method: 'patch',
    path: '/api/v1/lab-integrations/:id',
    summary: 'Change a lab integration (sender, service account, MRN authorities, time zone; active: false deactivates it)',
    tags,
    permission: ['update', 'LabIntegration'],
    params: IdParams,
    body: LabIntegrationUpdate,
    responses: { 200: { description: 'Changed', schema: LabIntegrationView }, 409: CONFLICT, 422: INVALID },
    handler: ({ params, body }) => withRequestTenant(db, (scope) => updateLabIntegration(scope, params.id, body)),
  });
  return router;
}
