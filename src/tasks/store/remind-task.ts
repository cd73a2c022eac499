import { type Knex } from 'knex';
import { fn } from 'objection';
import { withTenant } from '../../db/tenant-scope.js';
import { type RemindTaskInput, type TaskHolder } from './contract.js';
import { loadTask } from './load-task.js';
import { recordHistory } from './task-history.js';
import { Task } from './task-model.js';

const SLA_ACTOR = { type: 'system', id: 'task-sla', role: 'system' } as const;

/**
 * Reminds whoever holds the task: the inbox flags it (`reminded_at`) and the history records the
 * reminder, keyed by its number so a retry records it once. State, owner and version do not change.
 * Answers the person holding it (the claimer, else the owner), if one person does.
 */
export async function remindTask(db: Knex, input: RemindTaskInput): Promise<TaskHolder | undefined> {
  return withTenant(db, input.tenantId, async (trx) => {
    const task = await loadTask(trx, input.taskId, { forUpdate: true });
    if (!task || (task.status !== 'open' && task.status !== 'claimed')) return undefined;
    await Task.query(trx).patch({ remindedAt: fn.now() }).where('id', task.id);
    await recordHistory(trx, input.tenantId, task.id, task, task, {
      eventKey: `reminder:${input.reminder}`,
      action: 'reminded',
      actor: SLA_ACTOR,
      reason: 'sla',
      details: { reminder: input.reminder, remindedUserId: task.assigneeUserId, poolId: task.poolId },
    });
    const userId = task.claimedByUserId ?? task.ownerUserId;
    return userId ? { userId, taskType: task.type } : undefined;
  });
}
