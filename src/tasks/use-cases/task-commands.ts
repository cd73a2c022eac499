import { type Client } from '@temporalio/client';
import { type UpdateDefinition } from '@temporalio/common';
import { type Knex } from 'knex';
import { type Actor } from '../../authz/actor.js';
import { assertCan } from '../../authz/assert-can.js';
import { type Action } from '../../authz/subjects.js';
import { recordAudit } from '../../audit/record-audit.js';
import { AppError, conflict, validationFailed } from '../../errors/app-error.js';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  holdTaskUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  resumeTaskUpdate,
  type TaskActorRef,
} from '../../workflows/shared/tasks.js';
import { findPool } from '../pools.js';
import { activeUser } from '../routing/people.js';
import { type TaskAccess, taskActorRef, withTaskAccess } from '../task-access.js';
import { sendTaskUpdate } from '../workflow-gateway.js';
import { visibleTask } from './visible-task.js';

export interface TaskCommandDeps {
  db: Knex;
  temporal: Client;
}

interface Prepared<Extra> {
  actor: Actor;
  ref: TaskActorRef;
  workflowId: string;
  patientId: string | null;
  extra: Extra;
}

const CLOSED = ['completed', 'cancelled', 'expired'];

/**
 * Checks in the database first (visible to the caller → else 404, permitted → else 403, still
 * open → else 409), then lets the task's workflow decide through its update. The outcome, accepted
 * or refused, is audited.
 */
async function runCommand<Extra, Arg, Ret>(
  { db, temporal }: TaskCommandDeps,
  taskId: string,
  action: Action,
  prepare: (access: TaskAccess) => Promise<Extra>,
  send: (prepared: Prepared<Extra>) => { update: UpdateDefinition<Ret, [Arg]>; input: Arg; details?: Record<string, unknown>; audited?: string },
): Promise<Ret> {
  const prepared = await withTaskAccess(db, async (access): Promise<Prepared<Extra>> => {
    const { task, record } = await visibleTask(access, taskId, action);
    // A closed task is a conflict for anyone who can see it, before any question of permission.
    if (CLOSED.includes(task.status)) throw conflict('The task is already closed.', { reason: 'task-closed' });
    assertCan(access.ability, action, 'Task', record, { entityId: taskId, patientId: task.patientId });
    return { actor: access.actor, ref: taskActorRef(access.actor), workflowId: task.workflowId, patientId: task.patientId, extra: await prepare(access) };
  });
  const { update, input, details, audited } = send(prepared);
  const audit = { action: audited ?? action, entityType: 'Task', entityId: taskId, patientId: prepared.patientId, details };
  try {
    const result = await sendTaskUpdate(temporal, prepared.workflowId, update, input);
    await recordAudit(db, prepared.actor, audit);
    return result;
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      await recordAudit(db, prepared.actor, { ...audit, outcome: 'denied', reason: typeof err.extras.reason === 'string' ? err.extras.reason : err.code });
    }
    throw err;
  }
}

const none = (): Promise<undefined> => Promise.resolve(undefined);
type Simple = { version?: number; reason?: string };

export const claimTask = (deps: TaskCommandDeps, taskId: string, body: Simple) =>
  runCommand(deps, taskId, 'claim', none, (p) => ({ update: claimTaskUpdate, input: { taskId, actor: p.ref, version: body.version } }));

export const releaseTask = (deps: TaskCommandDeps, taskId: string, body: Simple) =>
  runCommand(deps, taskId, 'release', none, (p) => ({
    update: releaseTaskUpdate,
    input: { taskId, actor: p.ref, version: body.version, reason: body.reason },
  }));

export const holdTask = (deps: TaskCommandDeps, taskId: string, body: Simple) =>
  runCommand(deps, taskId, 'hold', none, (p) => ({ update: holdTaskUpdate, input: { taskId, actor: p.ref, version: body.version, reason: body.reason } }));

export const resumeTask = (deps: TaskCommandDeps, taskId: string, body: Simple) =>
  runCommand(deps, taskId, 'hold', none, (p) => ({
    update: resumeTaskUpdate,
    input: { taskId, actor: p.ref, version: body.version, reason: body.reason },
    audited: 'resume',
  }));

/** `to` is a user or a pool of the caller's tenant; which one is looked up, never guessed across tenants. */
export const reassignTask = (deps: TaskCommandDeps, taskId: string, body: Simple & { to: string }) =>
  runCommand(
    deps,
    taskId,
    'reassign',
    async (access): Promise<{ userId: string } | { poolId: string }> => {
      if (await activeUser(access.trx, body.to)) return { userId: body.to };
      if (await findPool(access.trx, body.to)) return { poolId: body.to };
      throw validationFailed([{ pointer: '/body/to', detail: 'no such active user or pool' }]);
    },
    (p) => ({ update: reassignTaskUpdate, input: { taskId, actor: p.ref, to: p.extra, version: body.version, reason: body.reason }, details: { to: p.extra } }),
  );

/** The decision goes through the workflow's update: the caller gets the workflow's verdict, or 409 and nothing changed. */
export const completeTask = (deps: TaskCommandDeps, taskId: string, body: { outcome: string; note?: string; payload?: Record<string, unknown>; version?: number }) =>
  runCommand(deps, taskId, 'complete', none, (p) => ({
    update: completeTaskUpdate,
    input: { taskId, actor: p.ref, outcome: body.outcome, note: body.note, payload: body.payload, version: body.version },
    details: { outcome: body.outcome },
  }));
