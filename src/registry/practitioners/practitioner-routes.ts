import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { pageSchema } from '../shared/pagination.js';
import { IdParams } from '../shared/validators.js';
import { PractitionerCreate, PractitionerSearch, PractitionerUpdate, PractitionerView } from './practitioner-schemas.js';
import { createPractitioner, deactivatePractitioner, getPractitioner, searchPractitionersUseCase, updatePractitioner } from './practitioner-use-cases.js';

const tags = ['Practitioners'];

export function practitionerRoutes({ db }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/practitioners',
    summary: 'Search practitioners',
    tags,
    permission: ['read', 'Practitioner'],
    query: PractitionerSearch,
    responses: { 200: { description: 'Practitioners', schema: pageSchema(PractitionerView) } },
    handler: ({ query }) => withRequestTenant(db, (scope) => searchPractitionersUseCase(scope, query)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/practitioners',
    summary: 'Add a practitioner',
    tags,
    permission: ['create', 'Practitioner'],
    body: PractitionerCreate,
    successStatus: 201,
    responses: { 201: { description: 'Added', schema: PractitionerView } },
    handler: ({ body }) => withRequestTenant(db, (scope) => createPractitioner(scope, body)),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/practitioners/:id',
    summary: 'Read a practitioner',
    tags,
    permission: ['read', 'Practitioner'],
    params: IdParams,
    responses: { 200: { description: 'The practitioner', schema: PractitionerView } },
    handler: ({ params }) => withRequestTenant(db, (scope) => getPractitioner(scope, params.id)),
  });
  defineRoute(router, {
    method: 'patch',
    path: '/api/v1/practitioners/:id',
    summary: 'Change a practitioner',
    tags,
    permission: ['update', 'Practitioner'],
    params: IdParams,
    body: PractitionerUpdate,
    responses: { 200: { description: 'Changed', schema: PractitionerView } },
    handler: ({ params, body }) => withRequestTenant(db, (scope) => updatePractitioner(scope, params.id, body)),
  });
  defineRoute(router, {
    method: 'delete',
    path: '/api/v1/practitioners/:id',
    summary: 'Deactivate a practitioner (kept for history)',
    tags,
    permission: ['delete', 'Practitioner'],
    params: IdParams,
    successStatus: 204,
    responses: { 204: { description: 'Deactivated' } },
    handler: async ({ params }) => {
      await withRequestTenant(db, (scope) => deactivatePractitioner(scope, params.id));
      return undefined;
    },
  });
  return router;
}
