import { type Knex } from 'knex';
import { type TaskActorRef } from '../../workflows/shared/tasks.js';
import { type StoredTask } from './load-task.js';
import { TaskHistoryEntry } from './task-model.js';

export interface HistoryEvent {
  /** Unique per task (`v<version>`, `reminder:<n>`, `escalation:L<n>`): a retried write records once. */
  eventKey: string;
  action: string;
  actor: TaskActorRef;
  reason?: string | null;
  details?: Record<string, unknown>;
}

type State = Pick<StoredTask, 'status' | 'ownerUserId' | 'poolId' | 'claimedByUserId' | 'dueAt' | 'version'>;

/** Who, when and why for a change of state, owner or due time: the before and after of each. */
export async function recordHistory(trx: Knex.Transaction, tenantId: string, taskId: string, before: State | null, after: State, event: HistoryEvent): Promise<void> {
  await TaskHistoryEntry.query(trx)
    .insert({
      tenantId,
      taskId,
      eventKey: event.eventKey,
      action: event.action,
      actorType: event.actor.type,
      actorId: event.actor.id,
      version: after.version,
      fromStatus: before?.status ?? null,
      toStatus: after.status,
      fromOwnerUserId: before?.ownerUserId ?? null,
      toOwnerUserId: after.ownerUserId,
      fromPoolId: before?.poolId ?? null,
      toPoolId: after.poolId,
      fromClaimedByUserId: before?.claimedByUserId ?? null,
      toClaimedByUserId: after.claimedByUserId,
      fromDueAt: before?.dueAt ?? null,
      toDueAt: after.dueAt,
      reason: event.reason ?? null,
      details: event.details ?? {},
    })
    .onConflict(['task_id', 'event_key'])
    .ignore();
}

export async function historyHas(trx: Knex.Transaction, taskId: string, eventKey: string): Promise<boolean> {
  const entry = await TaskHistoryEntry.query(trx).select('id').where({ task_id: taskId, event_key: eventKey }).first();
  return entry !== undefined;
}
