import { asSubject } from '../../authz/ability.js';
import { recordAudit } from '../../audit/record-audit.js';
import { type TaskAccess } from '../task-access.js';
import { presentTask } from '../task-record.js';
import { visibleTask } from './visible-task.js';

interface HistoryRow {
  action: string;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  version: number;
  from_status: string | null;
  to_status: string | null;
  from_owner_user_id: string | null;
  to_owner_user_id: string | null;
  from_pool_id: string | null;
  to_pool_id: string | null;
  from_claimed_by_user_id: string | null;
  to_claimed_by_user_id: string | null;
  from_due_at: Date | null;
  to_due_at: Date | null;
  reason: string | null;
  details: Record<string, unknown>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function historyItem(row: HistoryRow, clinical: boolean) {
  return {
    action: row.action,
    at: row.at.toISOString(),
    actor: { type: row.actor_type, id: row.actor_id },
    version: row.version,
    status: { from: row.from_status, to: row.to_status },
    owner: { from: row.from_owner_user_id, to: row.to_owner_user_id },
    pool: { from: row.from_pool_id, to: row.to_pool_id },
    claimedBy: { from: row.from_claimed_by_user_id, to: row.to_claimed_by_user_id },
    dueAt: { from: iso(row.from_due_at), to: iso(row.to_due_at) },
    // Reasons are typed by people and details can carry outcomes: clinical content.
    ...(clinical ? { reason: row.reason, details: row.details } : {}),
  };
}

/** One task with its content (as far as the caller may see it) and its full history. Audited. */
export async function getTask(access: TaskAccess, taskId: string) {
  const { row, record } = await visibleTask(access, taskId, 'read');
  const details = await access.trx('task_details').where({ task_id: taskId }).first<{ instructions: string | null; form: unknown } | undefined>('instructions', 'form');
  const full = {
    ...record,
    instructions: details?.instructions ?? null,
    form: details?.form ?? null,
    decisionOptions: row.decision_options,
    outcomeNote: row.outcome_note,
    outcomePayload: row.outcome_payload,
  };
  const clinical = access.ability.can('read', asSubject('Task', full), 'outcomeNote');
  const history = await access.trx('task_history').where({ task_id: taskId }).orderBy('id').select<HistoryRow[]>('*');
  await recordAudit(access.trx, access.actor, { action: 'read', entityType: 'Task', entityId: taskId, patientId: row.patient_id });
  return { ...presentTask(access.ability, full), history: history.map((h) => historyItem(h, clinical)) };
}
