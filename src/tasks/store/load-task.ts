import { type Knex } from 'knex';
import { type ModelObject, raw } from 'objection';
import { type TaskRole, type TaskSnapshot } from '../../workflows/shared/tasks.js';
import { Task } from './task-model.js';

/** A task as the store reads it: its columns (camelCase, ISO timestamps) and the role of its pool. */
export type StoredTask = Omit<ModelObject<Task>, 'poolRole'> & { poolRole: TaskRole | null };

/**
 * The task with its pool's role. The role comes from a scalar subquery rather than a join, so
 * `for update` locks the task row alone (a lock cannot reach the nullable side of an outer join).
 */
const selectTask = (trx: Knex.Transaction) =>
  Task.query(trx).select('tasks.*', raw('(select p.role from task_pools p where p.id = tasks.pool_id) as pool_role'));

/** The task; locked for the rest of the transaction when `forUpdate` (writes serialise per task). */
export async function loadTask(trx: Knex.Transaction, taskId: string, options: { forUpdate?: boolean } = {}): Promise<StoredTask | undefined> {
  const query = selectTask(trx).findById(taskId);
  if (options.forUpdate) void query.forUpdate();
  return (await query)?.toRecord<StoredTask>();
}

export async function loadTaskByStep(trx: Knex.Transaction, workflowId: string, step: string): Promise<StoredTask | undefined> {
  const task = await selectTask(trx).where({ 'tasks.workflow_id': workflowId, 'tasks.step': step }).first();
  return task?.toRecord<StoredTask>();
}

export function toSnapshot(task: StoredTask): TaskSnapshot {
  return {
    taskId: task.id,
    status: task.status,
    ownerUserId: task.ownerUserId,
    poolId: task.poolId,
    poolRole: task.poolRole,
    claimedByUserId: task.claimedByUserId,
    version: task.version,
    dueAt: task.dueAt,
    onHold: task.onHoldSince !== null,
    escalationLevel: task.escalationLevel,
  };
}
