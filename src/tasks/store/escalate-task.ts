import { type Knex } from 'knex';
import { fn } from 'objection';
import { escalationsTotal } from '../../observability/metrics.js';
import { withTenant } from '../../db/tenant-scope.js';
import { resolveEscalation } from '../routing/escalation-targets.js';
import { type EscalateTaskInput, type EscalationOutcome, type TaskHolder } from './contract.js';
import { loadTask, toSnapshot } from './load-task.js';
import { recordHistory } from './task-history.js';
import { Task, TaskEscalation } from './task-model.js';
import { TaskStoreError } from './task-store-error.js';

const SLA_ACTOR = { type: 'system', id: 'task-sla', role: 'system' } as const;

export const escalationIdOf = (taskId: string, level: number) => `${taskId}:L${level}`;

/**
 * Escalates a task to one level of its chain, at most once: the escalation row's primary key is the
 * stable ID `<taskId>:L<level>`, so a retry, a replay or a duplicate timer finds it and stops. The
 * first target of the level that resolves takes the task (any claim is released); when none
 * resolves, the attempt is still recorded and the task stays where it is.
 */
export async function escalateTask(db: Knex, input: EscalateTaskInput): Promise<EscalationOutcome & { newHolder?: TaskHolder }> {
  const escalationId = escalationIdOf(input.taskId, input.level);
  let escalatedType: string | undefined;
  const outcome = await withTenant(db, input.tenantId, async (trx) => {
    const task = await loadTask(trx, input.taskId, { forUpdate: true });
    if (!task) throw new TaskStoreError('not-found', 'task-not-found');
    const done = await TaskEscalation.query(trx).select('target_kind', 'to_user_id').findById(escalationId);
    if (done) {
      // Already escalated (a retry): the person it went to is still the one to tell.
      const newHolder = done.toUserId ? { userId: done.toUserId, taskType: task.type } : undefined;
      return { escalationId, resolved: done.targetKind !== null, snapshot: toSnapshot(task), ...(newHolder ? { newHolder } : {}) };
    }
    if (task.version !== input.expectedVersion) throw new TaskStoreError('conflict', 'stale-version');

    const resolved = await resolveEscalation(trx, task, input.targets);
    await TaskEscalation.query(trx).insert({
      id: escalationId,
      tenantId: input.tenantId,
      taskId: task.id,
      level: input.level,
      targetKind: resolved?.kind ?? null,
      fromOwnerUserId: task.ownerUserId,
      fromPoolId: task.poolId,
      toUserId: resolved?.destination.ownerUserId ?? null,
      toPoolId: resolved?.destination.poolId ?? null,
    });
    const moved = resolved
      ? {
          ownerUserId: resolved.destination.ownerUserId,
          poolId: resolved.destination.poolId,
          claimedByUserId: null,
          status: 'open' as const,
          version: task.version + 1,
        }
      : {};
    await Task.query(trx)
      .patch({ ...moved, escalationLevel: input.level, updatedAt: fn.now() })
      .where('id', task.id);
    const after = (await loadTask(trx, task.id))!;
    await recordHistory(trx, input.tenantId, task.id, task, after, {
      eventKey: `escalation:L${input.level}`,
      action: resolved ? 'escalated' : 'escalation-unresolved',
      actor: SLA_ACTOR,
      reason: 'sla',
      details: { escalationId, level: input.level, targetKind: resolved?.kind ?? null },
    });
    escalatedType = task.type;
    const toUserId = resolved?.destination.ownerUserId;
    return { escalationId, resolved: resolved !== undefined, snapshot: toSnapshot(after), ...(toUserId ? { newHolder: { userId: toUserId, taskType: task.type } } : {}) };
  });
  // Counted once per level, after the commit (a replayed activity finds the row and counts nothing).
  if (escalatedType) escalationsTotal.inc({ tenant: input.tenantId, workflow: escalatedType, level: String(input.level) });
  return outcome;
}
