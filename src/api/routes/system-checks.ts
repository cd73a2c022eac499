import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WorkflowFailedError } from '@temporalio/client';
import { notFound } from '../../errors/app-error.js';
import { caseSearchAttributes } from '../../temporal/workflow-start.js';
import {
  SYSTEM_CHECK_WORKFLOW,
  type SystemCheckInput,
  type SystemCheckResult,
  systemCheckWorkflowId,
} from '../../workflows/shared/system-check.js';
import { type AppDeps } from '../app-deps.js';
import { defineRoute } from '../openapi/define-route.js';
import { z } from '../openapi/registry.js';

const StartBody = z.object({ probe: z.string().max(200).default('ping'), failFirstAttempt: z.boolean().default(false) });
const CheckView = z.object({
  checkId: z.uuid(),
  workflowId: z.string(),
  status: z.enum(['running', 'completed', 'failed']),
  result: z.object({ databaseLatencyMs: z.number(), attempts: z.number() }).optional(),
});

/**
 * The first path end to end: HTTP → Temporal → worker → activity → PostgreSQL. Ops and admin users only.
 * The probe is echoed back by the workflow but is not returned here (the canary test reads it via the codec).
 */
export function systemCheckRoutes({ temporal, config }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/system-checks',
    summary: 'Start a system check workflow',
    tags: ['Operations'],
    permission: ['create', 'SystemCheck'],
    body: StartBody,
    successStatus: 202,
    responses: { 202: { description: 'Started', schema: CheckView } },
    handler: async ({ body }) => {
      const checkId = randomUUID();
      const input: SystemCheckInput = { checkId, probe: body.probe, failFirstAttempt: body.failFirstAttempt };
      const handle = await temporal.workflow.start(SYSTEM_CHECK_WORKFLOW, {
        taskQueue: config.temporal.taskQueue,
        workflowId: systemCheckWorkflowId(checkId),
        args: [input],
        typedSearchAttributes: caseSearchAttributes({ caseType: 'system-check', entityId: checkId }),
      });
      return { checkId, workflowId: handle.workflowId, status: 'running' as const };
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/system-checks/:checkId',
    summary: 'Report a system check (waits up to `wait` seconds for it to finish)',
    tags: ['Operations'],
    permission: ['read', 'SystemCheck'],
    params: z.object({ checkId: z.uuid() }),
    query: z.object({ wait: z.coerce.number().min(0).max(30).default(0) }),
    responses: { 200: { description: 'The check', schema: CheckView } },
    handler: async ({ params, query }) => {
      const workflowId = systemCheckWorkflowId(params.checkId);
      const handle = temporal.workflow.getHandle(workflowId);
      const description = await handle.describe().catch(() => {
        throw notFound('System check');
      });
      const view = { checkId: params.checkId, workflowId };
      if (description.status.name === 'RUNNING' && query.wait === 0) return { ...view, status: 'running' as const };
      try {
        const result = await Promise.race([
          handle.result() as Promise<SystemCheckResult>,
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), query.wait * 1000).unref()),
        ]);
        if (!result) return { ...view, status: 'running' as const };
        return { ...view, status: 'completed' as const, result: { databaseLatencyMs: result.databaseLatencyMs, attempts: result.attempts } };
      } catch (err) {
        if (err instanceof WorkflowFailedError) return { ...view, status: 'failed' as const };
        throw err;
      }
    },
  });
  return router;
}
