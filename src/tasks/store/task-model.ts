import { BaseModel } from '../../db/models/base-model.js';
import { type TaskRole, type TaskStatus } from '../../workflows/shared/tasks.js';

/**
 * `tasks`: one human step of a workflow, written only by its workflow's activities. `priorityRank`
 * and `assigneeUserId` are generated columns (read, never written). `poolRole` is not a column: the
 * loaders select it from the task's pool.
 */
export class Task extends BaseModel {
  static override tableName = 'tasks';
  static override jsonAttributes = ['outcomePayload'];

  declare id: string;
  declare tenantId: string;
  declare workflowId: string;
  declare step: string;
  declare type: string;
  declare category: string;
  declare subjectType: string;
  declare subjectId: string;
  declare patientId: string | null;
  declare priority: string;
  declare priorityRank: number;
  declare status: TaskStatus;
  declare ownerUserId: string | null;
  declare poolId: string | null;
  declare claimedByUserId: string | null;
  declare assigneeUserId: string | null;
  declare dueAt: string;
  declare onHoldSince: string | null;
  /** A PostgreSQL `text[]`, stored as an array (not JSON). */
  declare decisionOptions: string[] | null;
  declare outcome: string | null;
  declare outcomeNote: string | null;
  declare outcomePayload: Record<string, unknown> | null;
  declare completedByUserId: string | null;
  declare completedAt: string | null;
  declare closedReason: string | null;
  declare remindedAt: string | null;
  declare escalationLevel: number;
  declare createdBy: string | null;
  declare version: number;
  declare createdAt: string;
  declare updatedAt: string;
  declare poolRole?: TaskRole | null;
}

/** `task_pools`: a department (or the whole tenant when null) and the role that works its tasks. */
export class TaskPool extends BaseModel {
  static override tableName = 'task_pools';

  declare id: string;
  declare tenantId: string;
  declare departmentId: string | null;
  declare role: TaskRole;
  declare createdAt: string;
}

/** `task_details`: a task's clinical free text, kept apart so operational readers never load it. */
export class TaskDetail extends BaseModel {
  static override tableName = 'task_details';
  static override idColumn = 'task_id';
  static override jsonAttributes = ['form'];

  declare taskId: string;
  declare tenantId: string;
  declare title: string;
  declare instructions: string | null;
  declare form: Record<string, unknown> | null;
  declare createdAt: string;
}

/** `task_history`: append-only before/after of each change, unique per task and event key. */
export class TaskHistoryEntry extends BaseModel {
  static override tableName = 'task_history';
  static override jsonAttributes = ['details'];

  declare id: string;
  declare tenantId: string;
  declare taskId: string;
  declare eventKey: string;
  declare action: string;
  declare at: string;
  declare actorType: string;
  declare actorId: string | null;
  declare version: number;
  declare fromStatus: string | null;
  declare toStatus: string | null;
  declare fromOwnerUserId: string | null;
  declare toOwnerUserId: string | null;
  declare fromPoolId: string | null;
  declare toPoolId: string | null;
  declare fromClaimedByUserId: string | null;
  declare toClaimedByUserId: string | null;
  declare fromDueAt: string | null;
  declare toDueAt: string | null;
  declare reason: string | null;
  declare details: Record<string, unknown>;
}

/** `task_escalations`: one row per level reached, keyed by the stable ID `<taskId>:L<level>`. */
export class TaskEscalation extends BaseModel {
  static override tableName = 'task_escalations';

  declare id: string;
  declare tenantId: string;
  declare taskId: string;
  declare level: number;
  declare targetKind: string | null;
  declare fromOwnerUserId: string | null;
  declare fromPoolId: string | null;
  declare toUserId: string | null;
  declare toPoolId: string | null;
  declare escalatedAt: string;
}
