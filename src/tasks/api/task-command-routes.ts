import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { claimTask, completeTask, holdTask, reassignTask, releaseTask, resumeTask } from '../use-cases/task-commands.js';
import { CommandBody, CompleteTaskBody, ReassignBody, Snapshot, TaskIdParams, Verdict } from './schemas.js';

const tags = ['Tasks'];
const conflicts = { 409: { description: 'Already closed, claimed by someone else, or a stale version: nothing changed' } };

/** Ownership and decisions: each goes through the task's workflow as a Workflow Update. */
export function taskCommandRoutes(deps: AppDeps): Router {
  const router = Router();
  const simple = [
    { name: 'claim', summary: 'Claim a task (from your queue or pool)', action: 'claim', run: claimTask },
    { name: 'release', summary: 'Release a claimed task back to its queue', action: 'release', run: releaseTask },
    { name: 'hold', summary: 'Put a task on hold: its SLA clock stops', action: 'hold', run: holdTask },
    { name: 'resume', summary: 'Resume a task on hold: its due time moves by the time held', action: 'hold', run: resumeTask },
  ] as const;
  for (const command of simple) {
    defineRoute(router, {
      method: 'post',
      path: `/api/v1/tasks/:id/${command.name}`,
      summary: command.summary,
      tags,
      permission: [command.action, 'Task'],
      params: TaskIdParams,
      body: CommandBody,
      responses: { 200: { description: 'The task after the change', schema: Snapshot }, ...conflicts },
      handler: ({ params, body }) => command.run(deps, params.id, body),
    });
  }
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/tasks/:id/reassign',
    summary: 'Reassign a task to a user or a pool',
    tags,
    permission: ['reassign', 'Task'],
    params: TaskIdParams,
    body: ReassignBody,
    responses: { 200: { description: 'The task after the change', schema: Snapshot }, ...conflicts },
    handler: ({ params, body }) => reassignTask(deps, params.id, body),
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/tasks/:id/complete',
    summary: 'Decide a task; answers with the workflow’s verdict',
    tags,
    permission: ['complete', 'Task'],
    params: TaskIdParams,
    body: CompleteTaskBody,
    responses: { 200: { description: 'The workflow’s verdict', schema: Verdict }, ...conflicts },
    handler: ({ params, body }) => completeTask(deps, params.id, body),
  });
  return router;
}
