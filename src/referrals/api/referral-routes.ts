import { Router } from 'express';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { pageSchema } from '../../registry/shared/pagination.js';
import { IdParams } from '../../registry/shared/validators.js';
import { createReferral, releaseReferral } from '../use-cases/create-referral.js';
import { getReferral, getReferralWorkflow, listReferrals } from '../use-cases/read-referrals.js';
import { type ReferralDeps } from '../use-cases/referral-deps.js';
import { referralStats } from '../use-cases/referral-stats.js';
import { CreateReferralBody, ListQuery, ReferralView, StatsQuery, StatsView, WorkflowView } from './schemas.js';

const tags = ['Referrals'];

/** Creating, releasing and reading referrals; the loop-closure figures. */
export function referralRoutes(deps: ReferralDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/referrals',
    summary: 'Refer a patient (or save a draft) and start the referral’s workflow',
    description:
      'Send an `Idempotency-Key` header to retry safely: a retry gets the first answer and creates nothing. ' +
      'Answers 503 (nothing stored) when the workflow cannot be started.',
    tags,
    permission: ['create', 'Referral'],
    body: CreateReferralBody,
    successStatus: 201,
    responses: { 201: { description: 'Created', schema: ReferralView }, 422: { description: 'A referenced record does not exist' }, 503: { description: 'Temporal unreachable; nothing was stored' } },
    handler: async ({ body, req, res }) => {
      const result = await createReferral(deps, body, req.header('idempotency-key'));
      if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(result.status).json(result.body);
      return undefined;
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/referrals',
    summary: 'List referrals (sent or received by me or my department; by status, stage, overdue, patient)',
    tags,
    permission: ['read', 'Referral'],
    query: ListQuery,
    responses: { 200: { description: 'Referrals the caller may see, newest first', schema: pageSchema(ReferralView) } },
    handler: ({ query }) => listReferrals(deps, query),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/referrals/stats',
    summary: 'Loop-closure rate, median time per stage and overdue counts for a period',
    tags,
    permission: ['read', 'ReferralStats'],
    query: StatsQuery,
    responses: { 200: { description: 'Figures over the referrals the caller may see', schema: StatsView } },
    handler: ({ query }) => referralStats(deps, query),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/referrals/:id',
    summary: 'Read a referral with its stage timeline',
    tags,
    permission: ['read', 'Referral'],
    params: IdParams,
    responses: { 200: { description: 'The referral as the caller may see it', schema: ReferralView } },
    handler: ({ params }) => getReferral(deps, params.id),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/referrals/:id/workflow',
    summary: 'The referral workflow’s live state only (operators)',
    tags,
    permission: ['read', 'ReferralWorkflow'],
    params: IdParams,
    responses: {
      200: { description: 'Stage, open tasks and timers; `state` is null while the workflow cannot answer', schema: z.object({ referralId: z.uuid(), workflowId: z.string(), state: WorkflowView.nullable() }) },
    },
    handler: ({ params }) => getReferralWorkflow(deps, params.id),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/referrals/:id/release',
    summary: 'Release a draft: it is sent and its workflow starts',
    tags,
    permission: ['release', 'Referral'],
    params: IdParams,
    responses: { 200: { description: 'The referral, sent', schema: ReferralView }, 409: { description: 'Not a draft' } },
    handler: ({ params }) => releaseReferral(deps, params.id),
  });
  return router;
}
