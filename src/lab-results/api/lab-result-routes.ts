import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { badRequest } from '../../errors/app-error.js';
import { pageSchema } from '../../registry/shared/pagination.js';
import { IdParams } from '../../registry/shared/validators.js';
import { acknowledgeCriticalResult, holdLabResult, type LabWorkflowGateway, reconcileLabResult, releaseLabResult } from '../results/result-actions.js';
import { getLabResultUseCase, listLabResultsUseCase } from '../results/result-queries.js';
import { criticalTimelinessReport } from '../results/timeliness.js';
import { AcknowledgeBody, HoldBody, LabResultListQuery, LabResultView, ReconcileBody, TimelinessQuery, TimelinessView } from './schemas.js';

const tags = ['Lab results'];
const DAY_MS = 86_400_000;

/** Reading results, acting on them (acknowledge, hold, release, reconcile) and timeliness reporting. */
export function labResultQueryRoutes({ db, temporal, config }: AppDeps): Router {
  const router = Router();
  const gateway: LabWorkflowGateway = { temporal, taskQueue: config.temporal.taskQueue, db };
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/lab-results/reports/critical-timeliness',
    summary: 'Critical-result timeliness for a period (count, median and p95 time to acknowledgement, escalations)',
    tags,
    permission: ['read', 'LabTimelinessReport'],
    query: TimelinessQuery,
    responses: { 200: { description: 'The figures (default period: the last 30 days)', schema: TimelinessView } },
    handler: ({ query }) => {
      const to = query.to ? new Date(query.to) : new Date();
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
      if (from >= to) throw badRequest('`from` must be before `to`.');
      return withRequestTenant(db, (scope) => criticalTimelinessReport(scope, { from, to }));
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/lab-results',
    summary: 'List lab results the caller may see, by patient, status and class',
    tags,
    permission: ['read', 'LabResult'],
    query: LabResultListQuery,
    responses: { 200: { description: 'Newest first', schema: pageSchema(LabResultView) } },
    handler: ({ query }) =>
      withRequestTenant(db, (scope) =>
        listLabResultsUseCase(scope, { patientId: query.patientId, status: query.status, classification: query.class, limit: query.limit, cursor: query.cursor }),
      ),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/lab-results/:id',
    summary: 'A lab result with its observations, history and routing/escalation timeline',
    tags,
    permission: ['read', 'LabResult'],
    params: IdParams,
    responses: { 200: { description: 'The result (fields the caller may see)', schema: LabResultView } },
    handler: ({ params }) => withRequestTenant(db, (scope) => getLabResultUseCase(scope, params.id)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/lab-results/:id/acknowledge',
    summary: 'Acknowledge a critical result with read-back (completes its acknowledgement task)',
    tags,
    permission: ['acknowledge', 'LabResult'],
    params: IdParams,
    body: AcknowledgeBody,
    responses: {
      200: {
        description: 'Acknowledged',
        schema: z.object({ reportId: z.uuid(), taskId: z.uuid(), acknowledged: z.boolean(), secondsToAcknowledge: z.number().nullable() }),
      },
    },
    handler: ({ params, body }) => withRequestTenant(db, (scope) => acknowledgeCriticalResult(scope, gateway, params.id, body.readBack)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/lab-results/:id/hold',
    summary: 'Place a "preventing harm" hold on the release to the patient (reason and end date)',
    tags,
    permission: ['hold', 'LabResult'],
    params: IdParams,
    body: HoldBody,
    responses: { 200: { description: 'On hold', schema: z.object({ reportId: z.uuid(), release: z.string(), holdUntil: z.string() }) } },
    handler: ({ params, body }) => withRequestTenant(db, (scope) => holdLabResult(scope, gateway, params.id, body)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/lab-results/:id/release',
    summary: 'End a hold now; a final result is released to the patient',
    tags,
    permission: ['release', 'LabResult'],
    params: IdParams,
    responses: { 200: { description: 'Hold ended', schema: z.object({ reportId: z.uuid(), release: z.string() }) } },
    handler: ({ params }) => withRequestTenant(db, (scope) => releaseLabResult(scope, gateway, params.id)),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/lab-results/:id/reconcile',
    summary: 'Match an unmatched result to its patient and ordering practitioner (completes its reconciliation task)',
    tags,
    permission: ['reconcile', 'LabResult'],
    params: IdParams,
    body: ReconcileBody,
    responses: { 200: { description: 'Matched', schema: z.object({ reportId: z.uuid(), matchStatus: z.literal('matched') }) } },
    handler: ({ params, body }) => withRequestTenant(db, (scope) => reconcileLabResult(scope, gateway, params.id, body)),
  });
  return router;
}
