import { Router } from 'express';
import { dependencyUp } from '../../observability/metrics.js';
import { type AppDeps } from '../app-deps.js';
import { defineRoute } from '../openapi/define-route.js';
import { z } from '../openapi/registry.js';

const DependencyState = z.object({ status: z.enum(['up', 'down']), latencyMs: z.number().optional() });
const Readiness = z.object({ status: z.enum(['ready', 'not-ready']), dependencies: z.record(z.string(), DependencyState) });

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<z.infer<typeof DependencyState>> {
  const started = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: 'down' };
  }
}

export function healthRoutes({ db, temporal, config }: AppDeps): Router {
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process is up',
    tags: ['Operations'],
    responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
    handler: () => ({ status: 'ok' as const }),
  });
  defineRoute(router, {
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: PostgreSQL and Temporal are reachable',
    tags: ['Operations'],
    responses: {
      200: { description: 'Ready', schema: Readiness },
      503: { description: 'A dependency is down', schema: Readiness },
    },
    handler: async ({ res }) => {
      const [postgres, temporalState] = await Promise.all([
        probe(() => db.raw('select 1')),
        probe(() => temporal.connection.workflowService.describeNamespace({ namespace: config.temporal.namespace })),
      ]);
      dependencyUp.set({ dependency: 'postgres' }, postgres.status === 'up' ? 1 : 0);
      dependencyUp.set({ dependency: 'temporal' }, temporalState.status === 'up' ? 1 : 0);
      const ready = postgres.status === 'up' && temporalState.status === 'up';
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', dependencies: { postgres, temporal: temporalState } });
      return undefined;
    },
  });
  return router;
}
