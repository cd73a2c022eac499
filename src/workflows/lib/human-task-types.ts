import { type Duration } from '@temporalio/common';
import {
  type EscalationTarget,
  type TaskActorRef,
  type TaskAssignee,
  type TaskCategory,
  type TaskPriority,
  type TaskDecisionInput,
  type TaskVerdict,
} from '../shared/tasks.js';

/** What a workflow asks for when it needs a human decision. IDs, codes and durations only. */
export interface HumanTaskSpec {
  /** Unique within the workflow; with the workflow ID it makes task creation idempotent. */
  step: string;
  tenantId: string;
  /** Defaults to a deterministic `uuid4()`; pass one when the ID must be known beforehand. */
  taskId?: string;
  /** What kind of work this is, e.g. `lab-result-review`, `refill-request`, `reschedule-request`. */
  type: string;
  /** Decides who may complete it (see DECIDER_ROLES). */
  category: TaskCategory;
  priority?: TaskPriority;
  /** The entity the task is about. */
  subject: { type: string; id: string };
  patientId?: string;
  /** A user or practitioner (routed to their cover during a coverage period) or a pool. */
  assignee: TaskAssignee;
  /** SLA (active time, holds excluded) until the task is due. Default: stat 1 hour, urgent 1 day, routine 3 days. */
  dueIn?: Duration;
  /** Remind the owner once after this much active time. */
  remindAfter?: Duration;
  /** Escalate to level n (1-based, in this order) after `after` active time; the first target that resolves wins. */
  escalations?: { after: Duration; to: EscalationTarget[] }[];
  /** Close the task as expired when nobody decided within this much active time. */
  expireAfter?: Duration;
  /** Allowed outcome codes (the decision options shown in the form); any code when absent. */
  options?: string[];
  /** Recorded as the creator in the task history; defaults to the workflow itself. */
  createdBy?: TaskActorRef;
  /**
   * Runs inside the decision's Workflow Update, after the decision is stored: its result is the
   * `result` of the verdict the deciding user receives. It should not fail for business reasons.
   */
  onDecision?: (decision: TaskDecision) => unknown;
  /**
   * The workflow's own rule for a decision (who may sign, what a decision must carry), run by the
   * update's validator after the inbox's rules and again when the decision is applied: a rejected
   * decision never enters history, leaves the task open, and reaches the caller as 403/422/409.
   * Must be synchronous and deterministic (workflow time only).
   */
  validateDecision?: (input: TaskDecisionInput) => WorkflowDecisionRejection | undefined;
}

/** A workflow-specific refusal; `reason` is a machine code, never PHI. */
export interface WorkflowDecisionRejection {
  kind: 'forbidden' | 'invalid' | 'conflict';
  reason: string;
}

export interface TaskDecision {
  taskId: string;
  outcome: string;
  note?: string;
  payload?: Record<string, unknown>;
  decidedBy: TaskActorRef;
  version: number;
}

export type HumanTaskResult =
  | { status: 'completed'; decision: TaskDecision; verdict: TaskVerdict }
  | { status: 'cancelled'; reason: string }
  | { status: 'expired' };
