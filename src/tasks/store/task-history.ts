import { type Knex } from 'knex';
import { type TaskActorRef } from '../../workflows/shared/tasks.js';
import { type TaskRow } from './task-row.js';

export interface HistoryEvent {
  /** Unique per task (`v<version>`, `reminder:<n>`, `escalation:L<n>`): a retried write records once. */
  eventKey: string;
  action: string;
  actor: TaskActorRef;
  reason?: string | null;
  details?: Record<string, unknown>;
}

type State = Pick<TaskRow, 'status' | 'owner_user_id' | 'pool_id' | 'claimed_by_user_id' | 'due_at' | 'version'>;

/** Who, when and why for a change of state, owner or due time: the before and after of each. */
export async function recordHistory(trx: Knex.Transaction, tenantId: string, taskId: string, before: State | null, after: State, event: HistoryEvent): Promise<void> {
  await trx('task_history')
    .insert({
      tenant_id: tenantId,
      task_id: taskId,
      event_key: event.eventKey,
      action: event.action,
      actor_type: event.actor.type,
      actor_id: event.actor.id,
      version: after.version,
      from_status: before?.status ?? null,
      to_status: after.status,
      from_owner_user_id: before?.owner_user_id ?? null,
      to_owner_user_id: after.owner_user_id,
      from_pool_id: before?.pool_id ?? null,
      to_pool_id: after.pool_id,
      from_claimed_by_user_id: before?.claimed_by_user_id ?? null,
      to_claimed_by_user_id: after.claimed_by_user_id,
      from_due_at: before?.due_at ?? null,
      to_due_at: after.due_at,
      reason: event.reason ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .onConflict(['task_id', 'event_key'])
    .ignore();
}

export async function historyHas(trx: Knex.Transaction, taskId: string, eventKey: string): Promise<boolean> {
  const row = await trx('task_history').where({ task_id: taskId, event_key: eventKey }).first<{ id: string } | undefined>('id');
  return row !== undefined;
}
