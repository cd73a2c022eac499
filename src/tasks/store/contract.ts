import {
  type EscalationTarget,
  type TaskActorRef,
  type TaskAssignee,
  type TaskCategory,
  type TaskPriority,
  type TaskSnapshot,
} from '../../workflows/shared/tasks.js';

/**
 * What the task activities take and return. Workflows are the only writers of task rows; each
 * write names the version it starts from, so the row and the workflow's state never drift apart.
 */
export interface CreateTaskInput {
  tenantId: string;
  taskId: string;
  workflowId: string;
  step: string;
  type: string;
  category: TaskCategory;
  priority: TaskPriority;
  subject: { type: string; id: string };
  patientId: string | null;
  assignee: TaskAssignee;
  dueAt: string;
  options: string[] | null;
  createdBy: TaskActorRef;
}

export type TaskChange =
  | { kind: 'claim'; userId: string }
  | { kind: 'release' }
  | { kind: 'reassign'; to: { userId: string } | { poolId: string } }
  | { kind: 'hold' }
  | { kind: 'resume' }
  | { kind: 'complete'; userId: string; outcome: string; note?: string; payload?: Record<string, unknown> }
  | { kind: 'cancel' }
  | { kind: 'expire' }
  | { kind: 'route-to-cover'; fromUserId: string; toUserId: string; coverageId: string };

export interface ChangeTaskInput {
  tenantId: string;
  taskId: string;
  expectedVersion: number;
  change: TaskChange;
  actor: TaskActorRef;
  reason?: string;
}

export interface EscalateTaskInput {
  tenantId: string;
  taskId: string;
  expectedVersion: number;
  level: number;
  targets: EscalationTarget[];
}

export interface EscalationOutcome {
  /** `<taskId>:L<level>`: the stable ID that makes each level escalate at most once. */
  escalationId: string;
  /** False when no target of the level could be resolved (the task stays where it is). */
  resolved: boolean;
  snapshot: TaskSnapshot;
}

/** The one person now holding a task, to be told of a reminder or an escalation (not a pool). */
export interface TaskHolder {
  userId: string;
  taskType: string;
}

export interface RemindTaskInput {
  tenantId: string;
  taskId: string;
  /** 1 for the first reminder; with the task ID it keys the reminder, so a retry records it once. */
  reminder: number;
}

/** The still-open tasks a coverage period moves, as the coverage workflow needs them. */
export interface CoverageRoutingPlan {
  /** False when the coverage no longer exists or its period is not running now. */
  active: boolean;
  /** Milliseconds until the period starts (0 when it has started). */
  startsInMs: number;
  coverUserId: string | null;
  tasks: { taskId: string; workflowId: string; fromUserId: string }[];
}
