import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { pageSchema } from '../shared/pagination.js';
import { IdParams } from '../shared/validators.js';
import { startCoverageRouting } from '../../tasks/use-cases/coverage-routing.js';
import { type CoverageRecord } from './coverage-repository.js';
import { CoverageCreate, CoverageSearch, CoverageUpdate, CoverageView } from './coverage-schemas.js';
import { createCoverage, deleteCoverage, getCoverage, searchCoverageUseCase, updateCoverage } from './coverage-use-cases.js';

const tags = ['Coverage'];

/** Who covers whom, and when. Physicians manage cover for their own absences. */
export function coverageRoutes({ db, temporal, config }: AppDeps): Router {
  // A new or changed period also moves the covered practitioner's open tasks when it begins.
  const routeTasks = async (coverage: CoverageRecord) => {
    await startCoverageRouting(temporal, config, { tenantId: coverage.tenantId, coverageId: coverage.id });
    return coverage;
  };
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/coverage',
    summary: 'List coverage periods',
    tags,
    permission: ['read', 'Coverage'],
    query: CoverageSearch,
    responses: { 200: { description: 'Coverage periods', schema: pageSchema(CoverageView) } },
    handler: ({ query }) => withRequestTenant(db, (scope) => searchCoverageUseCase(scope, query)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/coverage',
    summary: 'Arrange cover for a practitioner',
    tags,
    permission: ['create', 'Coverage'],
    body: CoverageCreate,
    successStatus: 201,
    responses: { 201: { description: 'Arranged', schema: CoverageView } },
    handler: async ({ body }) => routeTasks(await withRequestTenant(db, (scope) => createCoverage(scope, body))),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/coverage/:id',
    summary: 'Read a coverage period',
    tags,
    permission: ['read', 'Coverage'],
    params: IdParams,
    responses: { 200: { description: 'The coverage period', schema: CoverageView } },
    handler: ({ params }) => withRequestTenant(db, (scope) => getCoverage(scope, params.id)),
  });
  defineRoute(router, {
    method: 'patch',
    path: '/api/v1/coverage/:id',
    summary: 'Change a coverage period',
    tags,
    permission: ['update', 'Coverage'],
    params: IdParams,
    body: CoverageUpdate,
    responses: { 200: { description: 'Changed', schema: CoverageView } },
    handler: async ({ params, body }) => routeTasks(await withRequestTenant(db, (scope) => updateCoverage(scope, params.id, body))),
  });
  defineRoute(router, {
    method: 'delete',
    path: '/api/v1/coverage/:id',
    summary: 'Cancel a coverage period',
    tags,
    permission: ['delete', 'Coverage'],
    params: IdParams,
    successStatus: 204,
    responses: { 204: { description: 'Cancelled' } },
    handler: async ({ params }) => {
      await withRequestTenant(db, (scope) => deleteCoverage(scope, params.id));
      return undefined;
    },
  });
  return router;
}
