import { type Knex } from 'knex';
import { type TaskRole, type TaskSnapshot, type TaskStatus } from '../../workflows/shared/tasks.js';

/** A `tasks` row as PostgreSQL returns it, with its pool's role joined in. */
export interface TaskRow {
  id: string;
  tenant_id: string;
  workflow_id: string;
  step: string;
  type: string;
  category: string;
  subject_type: string;
  subject_id: string;
  patient_id: string | null;
  priority: string;
  priority_rank: number;
  status: TaskStatus;
  owner_user_id: string | null;
  pool_id: string | null;
  pool_role: TaskRole | null;
  claimed_by_user_id: string | null;
  assignee_user_id: string | null;
  due_at: Date;
  on_hold_since: Date | null;
  decision_options: string[] | null;
  outcome: string | null;
  outcome_note: string | null;
  outcome_payload: Record<string, unknown> | null;
  completed_by_user_id: string | null;
  completed_at: Date | null;
  closed_reason: string | null;
  reminded_at: Date | null;
  escalation_level: number;
  created_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

function selectTask(trx: Knex.Transaction) {
  return trx('tasks').leftJoin('task_pools', 'task_pools.id', 'tasks.pool_id').select<TaskRow[]>('tasks.*', 'task_pools.role as pool_role');
}

/** The task row; locked for the rest of the transaction when `forUpdate` (writes serialise per task). */
export async function loadTaskRow(trx: Knex.Transaction, taskId: string, options: { forUpdate?: boolean } = {}): Promise<TaskRow | undefined> {
  const query = selectTask(trx).where('tasks.id', taskId);
  if (options.forUpdate) void query.forUpdate('tasks');
  const [row] = await query;
  return row;
}

export async function loadTaskByStep(trx: Knex.Transaction, workflowId: string, step: string): Promise<TaskRow | undefined> {
  const [row] = await selectTask(trx).where({ 'tasks.workflow_id': workflowId, 'tasks.step': step });
  return row;
}

export function toSnapshot(row: TaskRow): TaskSnapshot {
  return {
    taskId: row.id,
    status: row.status,
    ownerUserId: row.owner_user_id,
    poolId: row.pool_id,
    poolRole: row.pool_role,
    claimedByUserId: row.claimed_by_user_id,
    version: row.version,
    dueAt: row.due_at.toISOString(),
    onHold: row.on_hold_since !== null,
    escalationLevel: row.escalation_level,
  };
}
