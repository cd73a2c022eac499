import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { type TaskSnapshot } from '../../workflows/shared/tasks.js';
import { resolveAssignee } from '../routing/resolve-assignee.js';
import { type ChangeTaskInput } from './contract.js';
import { planChange } from './plan-change.js';
import { historyHas, recordHistory } from './task-history.js';
import { loadTaskRow, toSnapshot } from './task-row.js';
import { TaskStoreError } from './task-store-error.js';

/**
 * Applies one workflow-approved change: the row moves from `expectedVersion` to the next version
 * and the history records who, when and why, in one transaction. A retry of a change that already
 * committed returns the current state instead of applying it twice.
 */
export async function changeTask(db: Knex, input: ChangeTaskInput): Promise<TaskSnapshot> {
  return withTenant(db, input.tenantId, async (trx) => {
    const row = await loadTaskRow(trx, input.taskId, { forUpdate: true });
    if (!row) throw new TaskStoreError('not-found', 'task-not-found');
    const eventKey = `v${input.expectedVersion + 1}`;
    if (row.version !== input.expectedVersion) {
      if (row.version === input.expectedVersion + 1 && (await historyHas(trx, row.id, eventKey))) return toSnapshot(row);
      throw new TaskStoreError('conflict', 'stale-version');
    }
    const { change } = input;
    const destination = change.kind === 'reassign' ? await resolveAssignee(trx, change.to) : undefined;
    const planned = planChange(row, change, new Date(), destination);
    await trx('tasks')
      .where({ id: row.id })
      .update({ ...planned.patch, version: row.version + 1, updated_at: trx.fn.now() });
    const after = (await loadTaskRow(trx, row.id))!;
    await recordHistory(trx, input.tenantId, row.id, row, after, {
      eventKey,
      action: planned.action,
      actor: input.actor,
      reason: input.reason,
      details: planned.details,
    });
    return toSnapshot(after);
  });
}
