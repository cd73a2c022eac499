import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { type RemindTaskInput } from './contract.js';
import { recordHistory } from './task-history.js';
import { loadTaskRow } from './task-row.js';

const SLA_ACTOR = { type: 'system', id: 'task-sla', role: 'system' } as const;

/**
 * Reminds whoever holds the task: the inbox flags it (`reminded_at`) and the history records the
 * reminder, keyed by its number so a retry records it once. State, owner and version do not change.
 */
export async function remindTask(db: Knex, input: RemindTaskInput): Promise<void> {
  await withTenant(db, input.tenantId, async (trx) => {
    const row = await loadTaskRow(trx, input.taskId, { forUpdate: true });
    if (!row || (row.status !== 'open' && row.status !== 'claimed')) return;
    await trx('tasks').where({ id: row.id }).update({ reminded_at: trx.fn.now() });
    await recordHistory(trx, input.tenantId, row.id, row, row, {
      eventKey: `reminder:${input.reminder}`,
      action: 'reminded',
      actor: SLA_ACTOR,
      reason: 'sla',
      details: { reminder: input.reminder, remindedUserId: row.assignee_user_id, poolId: row.pool_id },
    });
  });
}
