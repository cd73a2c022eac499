import { type AppAbility } from '../authz/ability.js';
import { pickPermitted } from '../authz/permitted-fields.js';
import { type TaskRow } from './store/task-row.js';

/** A task as permission rules and API responses see it (camelCase). */
export interface TaskRecord extends Record<string, unknown> {
  id: string;
  tenantId: string;
  type: string;
  category: string;
  priority: string;
  status: string;
  subject: { type: string; id: string };
  patientId: string | null;
  title: string | null;
  ownerUserId: string | null;
  poolId: string | null;
  claimedByUserId: string | null;
  assigneeUserId: string | null;
  dueAt: string;
  onHold: boolean;
  escalationLevel: number;
  remindedAt: string | null;
  workflowId: string;
  version: number;
  outcome: string | null;
  completedByUserId: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toTaskRecord(row: TaskRow & { title?: string | null }): TaskRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    type: row.type,
    category: row.category,
    priority: row.priority,
    status: row.status,
    subject: { type: row.subject_type, id: row.subject_id },
    patientId: row.patient_id,
    title: row.title ?? null,
    ownerUserId: row.owner_user_id,
    poolId: row.pool_id,
    claimedByUserId: row.claimed_by_user_id,
    assigneeUserId: row.assignee_user_id,
    dueAt: row.due_at.toISOString(),
    onHold: row.on_hold_since !== null,
    escalationLevel: row.escalation_level,
    remindedAt: iso(row.reminded_at),
    workflowId: row.workflow_id,
    version: row.version,
    outcome: row.outcome,
    completedByUserId: row.completed_by_user_id,
    completedAt: iso(row.completed_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the caller may see of the task (ops: where it is and its workflow state, not its content). */
export const presentTask = (ability: AppAbility, record: TaskRecord) => pickPermitted(ability, 'read', 'Task', record);
