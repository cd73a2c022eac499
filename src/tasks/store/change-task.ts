import { type Knex } from 'knex';
import { fn } from 'objection';
import { withTenant } from '../../db/tenant-scope.js';
import { type TaskSnapshot } from '../../workflows/shared/tasks.js';
import { resolveAssignee } from '../routing/resolve-assignee.js';
import { type ChangeTaskInput } from './contract.js';
import { loadTask, toSnapshot } from './load-task.js';
import { planChange } from './plan-change.js';
import { historyHas, recordHistory } from './task-history.js';
import { Task } from './task-model.js';
import { TaskStoreError } from './task-store-error.js';

/**
 * Applies one workflow-approved change: the row moves from `expectedVersion` to the next version
 * and the history records who, when and why, in one transaction. A retry of a change that already
 * committed returns the current state instead of applying it twice.
 */
export async function changeTask(db: Knex, input: ChangeTaskInput): Promise<TaskSnapshot> {
  return withTenant(db, input.tenantId, async (trx) => {
    const task = await loadTask(trx, input.taskId, { forUpdate: true });
    if (!task) throw new TaskStoreError('not-found', 'task-not-found');
    const eventKey = `v${input.expectedVersion + 1}`;
    if (task.version !== input.expectedVersion) {
      if (task.version === input.expectedVersion + 1 && (await historyHas(trx, task.id, eventKey))) return toSnapshot(task);
      throw new TaskStoreError('conflict', 'stale-version');
    }
    const { change } = input;
    const destination = change.kind === 'reassign' ? await resolveAssignee(trx, change.to) : undefined;
    const planned = planChange(task, change, new Date(), destination);
    await Task.query(trx)
      .patch({ ...planned.patch, version: task.version + 1, updatedAt: fn.now() })
      .where('id', task.id);
    const after = (await loadTask(trx, task.id))!;
    await recordHistory(trx, input.tenantId, task.id, task, after, {
      eventKey,
      action: planned.action,
      actor: input.actor,
      reason: input.reason,
      details: planned.details,
    });
    return toSnapshot(after);
  });
}
