import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * The contract of human tasks between workflows, activities and the API. Imports no workflow code.
 * Everything here is IDs, codes and durations: task content stays in PostgreSQL.
 */
export const TASK_CATEGORIES = ['sign-off', 'preparation', 'nursing', 'pharmacy', 'scheduling', 'administrative'] as const;
export type TaskCategory = (typeof TASK_CATEGORIES)[number];

export const TASK_PRIORITIES = ['routine', 'urgent', 'stat'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_STATUSES = ['open', 'claimed', 'completed', 'cancelled', 'expired'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Roles that work tasks (a pool names one of them). */
export const TASK_ROLES = ['admin', 'scheduler', 'physician', 'nurse', 'pharmacist'] as const;
export type TaskRole = (typeof TASK_ROLES)[number];

/**
 * Who may decide a task of each category. A physician sign-off is a physician's alone: a nurse may
 * claim and prepare it but not complete it; only pharmacists decide pharmacy tasks.
 */
export const DECIDER_ROLES: Record<TaskCategory, readonly TaskRole[]> = {
  'sign-off': ['physician'],
  preparation: ['nurse', 'physician'],
  nursing: ['nurse', 'physician'],
  pharmacy: ['pharmacist'],
  scheduling: ['scheduler', 'admin'],
  administrative: ['admin', 'scheduler', 'physician', 'nurse', 'pharmacist'],
};

/** Who acts on a task: a user (with their role, as authenticated by the API) or the platform. */
export interface TaskActorRef {
  type: 'user' | 'system';
  id: string;
  role: TaskRole | 'ops' | 'patient' | 'integration' | 'system';
}

/** Where a task goes: a user, a practitioner (their user account), or a pool. */
export type TaskAssignee = { userId: string } | { practitionerId: string } | { poolId: string };

/** One step of an escalation chain; targets are resolved when the escalation fires. */
export type EscalationTarget =
  | { kind: 'user'; userId: string }
  | { kind: 'pool'; poolId: string }
  /** The current owner's cover during an active coverage period. */
  | { kind: 'covering-practitioner' }
  /** The department's on-call practitioner (default: the department of the task's pool). */
  | { kind: 'on-call'; departmentId?: string }
  | { kind: 'department-lead'; departmentId?: string };

/** The task as the workflow tracks it; the same shape the activities return after every change. */
export interface TaskSnapshot {
  taskId: string;
  status: TaskStatus;
  ownerUserId: string | null;
  poolId: string | null;
  /** The role that may act on the pool's tasks. */
  poolRole: TaskRole | null;
  claimedByUserId: string | null;
  version: number;
  dueAt: string;
  onHold: boolean;
  escalationLevel: number;
}

interface TaskCommand {
  taskId: string;
  actor: TaskActorRef;
  /** Optimistic concurrency: the version the caller saw; a different current version is a conflict. */
  version?: number;
}

export interface TaskDecisionInput extends TaskCommand {
  outcome: string;
  note?: string;
  payload?: Record<string, unknown>;
}

/** The workflow's answer to a decision, returned synchronously to whoever completed the task. */
export interface TaskVerdict {
  taskId: string;
  status: 'completed';
  outcome: string;
  version: number;
  /** What the owning workflow made of the decision (its `onDecision` result), if anything. */
  result?: unknown;
}

export type TaskClaimInput = TaskCommand;
export type TaskReleaseInput = TaskCommand;
export interface TaskReassignInput extends TaskCommand {
  to: { userId: string } | { poolId: string };
  reason?: string;
}
export interface TaskHoldInput extends TaskCommand {
  reason?: string;
}

export const completeTaskUpdate = defineUpdate<TaskVerdict, [TaskDecisionInput]>('completeTask');
export const claimTaskUpdate = defineUpdate<TaskSnapshot, [TaskClaimInput]>('claimTask');
export const releaseTaskUpdate = defineUpdate<TaskSnapshot, [TaskReleaseInput]>('releaseTask');
export const reassignTaskUpdate = defineUpdate<TaskSnapshot, [TaskReassignInput]>('reassignTask');
/** Puts the task on hold: its SLA clock (reminder, escalations, expiry) stops until it resumes. */
export const holdTaskUpdate = defineUpdate<TaskSnapshot, [TaskHoldInput]>('holdTask');
export const resumeTaskUpdate = defineUpdate<TaskSnapshot, [TaskHoldInput]>('resumeTask');
/** Answers once the task exists (used with update-with-start so a create call returns the task). */
export const taskReadyUpdate = defineUpdate<TaskSnapshot, [{ taskId: string }]>('taskReady');
export const taskStatesQuery = defineQuery<TaskSnapshot[]>('taskStates');

/** Sent by the coverage workflow: move the task from a practitioner who is away to their cover. */
export interface CoverRouting {
  taskId: string;
  coverageId: string;
  fromUserId: string;
  toUserId: string;
}
export const routeTaskToCoverSignal = defineSignal<[CoverRouting]>('routeTaskToCover');

/** ApplicationFailure types a rejected task command carries; the API maps them to 409/403/422/404. */
export const TASK_REJECTION_TYPES = {
  conflict: 'TaskConflict',
  forbidden: 'TaskForbidden',
  invalid: 'TaskInvalid',
  'not-found': 'TaskNotFound',
} as const;
export type TaskRejectionKind = keyof typeof TASK_REJECTION_TYPES;

/** Machine-readable reasons (the failure message); never PHI. */
export type TaskRejectionReason =
  | 'task-not-found'
  | 'task-closed'
  | 'decision-in-progress'
  | 'stale-version'
  | 'claimed-by-another'
  | 'already-claimed'
  | 'not-claimed'
  | 'not-assigned'
  | 'role-may-not-decide'
  | 'unknown-outcome'
  | 'already-on-hold'
  | 'not-on-hold'
  | 'invalid-target';

export interface TaskRejection {
  kind: TaskRejectionKind;
  reason: TaskRejectionReason;
}
