import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { withRequestTenant } from '../../authz/request-scope.js';
import { listPools } from '../pools.js';
import { withTaskAccess } from '../task-access.js';
import { applyCoverageToTasks } from '../use-cases/coverage-routing.js';
import { createAdHocTask } from '../use-cases/create-task.js';
import { getTask } from '../use-cases/get-task.js';
import { listTasks } from '../use-cases/list-tasks.js';
import { taskStats } from '../use-cases/task-stats.js';
import { CoverageRoutingBody, CreateTaskBody, ListTasksQuery, Snapshot, StatsQuery, TaskDetail, TaskIdParams, TaskPage } from './schemas.js';
import { taskCommandRoutes } from './task-command-routes.js';

const tags = ['Tasks'];

/** The clinical task inbox: queues, one task with its history, ownership and decisions, manager figures. */
export function taskRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/tasks',
    summary: 'List tasks of a view (mine, pool, all), sorted by priority then due time, with badge counts',
    tags,
    permission: ['read', 'Task'],
    query: ListTasksQuery,
    responses: { 200: { description: 'A page of tasks', schema: TaskPage } },
    handler: ({ query }) =>
      withTaskAccess(db, (access) =>
        listTasks(access, {
          view: query.view,
          statuses: query.status?.length ? query.status : ['open', 'claimed'],
          types: query.type,
          priorities: query.priority,
          patientId: query.patientId,
          dueBefore: query.dueBefore,
          limit: query.limit,
          cursor: query.cursor,
        }),
      ),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/tasks',
    summary: 'Create a standalone task for a user or a pool, with optional reminder and escalation chain',
    tags,
    permission: ['create', 'Task'],
    body: CreateTaskBody,
    successStatus: 201,
    responses: { 201: { description: 'The task, in its queue', schema: Snapshot } },
    handler: ({ body }) => createAdHocTask(deps, body),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/tasks/stats',
    summary: 'Per queue: open count, oldest open task, median time to completion, escalations, over a period',
    tags,
    permission: ['read', 'TaskStats'],
    query: StatsQuery,
    responses: { 200: { description: 'Queue figures', schema: z.object({ from: z.string(), to: z.string(), queues: z.array(z.record(z.string(), z.unknown())) }) } },
    handler: ({ query }) => withTaskAccess(db, (access) => taskStats(access, query)),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/tasks/pools',
    summary: 'The task pools of the tenant (a department, or the whole tenant, plus the role that acts)',
    tags,
    permission: ['read', 'Task'],
    responses: { 200: { description: 'Pools', schema: z.object({ items: z.array(z.object({ id: z.uuid(), departmentId: z.uuid().nullable(), role: z.string() })) }) } },
    handler: () => withRequestTenant(db, async ({ trx }) => ({ items: await listPools(trx) })),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/tasks/coverage-routing',
    summary: 'Apply a coverage period to open tasks: when it starts, the covered practitioner’s open tasks move to the cover',
    tags,
    permission: ['update', 'Coverage'],
    body: CoverageRoutingBody,
    successStatus: 202,
    responses: { 202: { description: 'Scheduled', schema: z.object({ coverageId: z.uuid(), workflowId: z.string() }) } },
    handler: ({ body }) => applyCoverageToTasks(deps, body.coverageId),
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/tasks/:id',
    summary: 'One task with its history',
    tags,
    permission: ['read', 'Task'],
    params: TaskIdParams,
    responses: { 200: { description: 'The task', schema: TaskDetail } },
    handler: ({ params }) => withTaskAccess(db, (access) => getTask(access, params.id)),
  });
  router.use(taskCommandRoutes(deps));
  return router;
}
