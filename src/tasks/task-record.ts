import { type AppAbility } from '../authz/ability.js';
import { pickPermitted } from '../authz/permitted-fields.js';
import { type StoredTask } from './store/load-task.js';

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

/** The task as the API shows it: its subject as one object and a hold as a flag (the detail view adds what else it may show). */
export function toTaskRecord(task: StoredTask & { title?: string | null }): TaskRecord {
  return {
    id: task.id,
    tenantId: task.tenantId,
    type: task.type,
    category: task.category,
    priority: task.priority,
    status: task.status,
    subject: { type: task.subjectType, id: task.subjectId },
    patientId: task.patientId,
    title: task.title ?? null,
    ownerUserId: task.ownerUserId,
    poolId: task.poolId,
    claimedByUserId: task.claimedByUserId,
    assigneeUserId: task.assigneeUserId,
    dueAt: task.dueAt,
    onHold: task.onHoldSince !== null,
    escalationLevel: task.escalationLevel,
    remindedAt: task.remindedAt,
    workflowId: task.workflowId,
    version: task.version,
    outcome: task.outcome,
    completedByUserId: task.completedByUserId,
    completedAt: task.completedAt,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
  };
}

/** What the caller may see of the task (ops: where it is and its workflow state, not its content). */
export const presentTask = (ability: AppAbility, record: TaskRecord) => pickPermitted(ability, 'read', 'Task', record);
