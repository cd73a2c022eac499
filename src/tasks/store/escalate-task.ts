import { type Knex } from 'knex';
import { escalationsTotal } from '../../observability/metrics.js';
import { withTenant } from '../../db/tenant-scope.js';
import { resolveEscalation } from '../routing/escalation-targets.js';
import { type EscalateTaskInput, type EscalationOutcome } from './contract.js';
import { recordHistory } from './task-history.js';
import { loadTaskRow, toSnapshot } from './task-row.js';
import { TaskStoreError } from './task-store-error.js';

const SLA_ACTOR = { type: 'system', id: 'task-sla', role: 'system' } as const;

export const escalationIdOf = (taskId: string, level: number) => `${taskId}:L${level}`;

/**
 * Escalates a task to one level of its chain, at most once: the escalation row's primary key is the
 * stable ID `<taskId>:L<level>`, so a retry, a replay or a duplicate timer finds it and stops. The
 * first target of the level that resolves takes the task (any claim is released); when none
 * resolves, the attempt is still recorded and the task stays where it is.
 */
export async function escalateTask(db: Knex, input: EscalateTaskInput): Promise<EscalationOutcome> {
  const escalationId = escalationIdOf(input.taskId, input.level);
  let escalatedType: string | undefined;
  const outcome = await withTenant(db, input.tenantId, async (trx) => {
    const row = await loadTaskRow(trx, input.taskId, { forUpdate: true });
    if (!row) throw new TaskStoreError('not-found', 'task-not-found');
    const done = await trx('task_escalations').where({ id: escalationId }).first<{ target_kind: string | null } | undefined>('target_kind');
    if (done) return { escalationId, resolved: done.target_kind !== null, snapshot: toSnapshot(row) };
    if (row.version !== input.expectedVersion) throw new TaskStoreError('conflict', 'stale-version');

    const resolved = await resolveEscalation(trx, row, input.targets);
    await trx('task_escalations').insert({
      id: escalationId,
      tenant_id: input.tenantId,
      task_id: row.id,
      level: input.level,
      target_kind: resolved?.kind ?? null,
      from_owner_user_id: row.owner_user_id,
      from_pool_id: row.pool_id,
      to_user_id: resolved?.destination.ownerUserId ?? null,
      to_pool_id: resolved?.destination.poolId ?? null,
    });
    const moved = resolved
      ? {
          owner_user_id: resolved.destination.ownerUserId,
          pool_id: resolved.destination.poolId,
          claimed_by_user_id: null,
          status: 'open',
          version: row.version + 1,
        }
      : {};
    await trx('tasks')
      .where({ id: row.id })
      .update({ ...moved, escalation_level: input.level, updated_at: trx.fn.now() });
    const after = (await loadTaskRow(trx, row.id))!;
    await recordHistory(trx, input.tenantId, row.id, row, after, {
      eventKey: `escalation:L${input.level}`,
      action: resolved ? 'escalated' : 'escalation-unresolved',
      actor: SLA_ACTOR,
      reason: 'sla',
      details: { escalationId, level: input.level, targetKind: resolved?.kind ?? null },
    });
    escalatedType = row.type;
    return { escalationId, resolved: resolved !== undefined, snapshot: toSnapshot(after) };
  });
  // Counted once per level, after the commit (a replayed activity finds the row and counts nothing).
  if (escalatedType) escalationsTotal.inc({ tenant: input.tenantId, workflow: escalatedType, level: String(input.level) });
  return outcome;
}
