import {
  type EscalationTarget,
  type TaskActorRef,
  type TaskAssignee,
  type TaskCategory,
  type TaskPriority,
} from './tasks.js';

/** What the API needs to start a standalone task's workflow; imports no workflow code. */
export const AD_HOC_TASK_WORKFLOW = 'adHocTaskWorkflow';
export const adHocTaskWorkflowId = (taskId: string) => `task-${taskId}`;

/** A task staff create by hand (a call-back, a form to review). Its text is in `task_details`. */
export interface AdHocTaskInput {
  tenantId: string;
  taskId: string;
  createdBy: TaskActorRef;
  type: string;
  category: TaskCategory;
  priority: TaskPriority;
  subject?: { type: string; id: string };
  patientId?: string;
  assignee: TaskAssignee;
  dueInSeconds?: number;
  remindAfterSeconds?: number;
  escalations?: { afterSeconds: number; to: EscalationTarget[] }[];
  expireAfterSeconds?: number;
  options?: string[];
}

export interface AdHocTaskResult {
  taskId: string;
  status: 'completed' | 'cancelled' | 'expired';
  outcome?: string;
  decidedBy?: string;
}
