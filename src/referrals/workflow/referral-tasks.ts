import { uuid4 } from '@temporalio/workflow';
import { startHumanTask } from '../../workflows/lib/human-task.js';
import { type WorkflowDecisionRejection } from '../../workflows/lib/human-task-types.js';
import { REFERRAL_TASKS, type ReferralTaskRole } from '../../workflows/shared/referral.js';
import { type TaskActorRef, type TaskAssignee, type TaskCategory, type TaskDecisionInput } from '../../workflows/shared/tasks.js';
import { store } from './activities.js';
import { escalationChain, taskPriority } from './escalation-chain.js';
import { type ReferralRun } from './run-state.js';

export const SYSTEM_ACTOR: TaskActorRef = { type: 'system', id: 'referral-workflow', role: 'system' };

/** Inbox titles and instructions: what to do, never the clinical content (that is on the referral). */
const DESCRIPTIONS: Record<ReferralTaskRole, { title: string; instructions: string }> = {
  triage: { title: 'Triage a referral', instructions: 'Accept or decline the referral, or ask the referring clinician for more information.' },
  moreInfo: { title: 'Answer a question about your referral', instructions: 'The receiving clinician needs more information before deciding. Answer on the referral.' },
  declined: { title: 'Referral declined: reroute or cancel', instructions: 'The receiver declined the referral. Reroute it to another receiver, or cancel it.' },
  schedule: { title: 'Book a referral visit', instructions: 'Contact the patient and book the referral visit for this referral.' },
  notScheduled: { title: 'Patient has not scheduled the referral visit', instructions: 'The patient has not booked despite a reminder. Keep waiting or cancel the referral.' },
  report: { title: 'Send the consult report', instructions: 'The patient was seen: send the consult report to the referring clinician.' },
  review: { title: 'Review the consult report', instructions: 'The specialist sent the consult report. Acknowledge it to close the referral loop.' },
};

export interface TaskPlan {
  assignee: TaskAssignee;
  category: TaskCategory;
  slaMs: number | null;
  /** The department whose on-call and lead take the task when it is overdue. */
  escalationDepartmentId: string | null;
}

const isId = (value: unknown) => typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value);

/**
 * What a decision must carry, checked by the update's validator: the report and the answer are
 * written through the referral API (which stores them sealed and passes their IDs), so completing
 * those tasks from the inbox without them is refused and the task stays open.
 */
const DECISION_RULES: Partial<Record<ReferralTaskRole, (input: TaskDecisionInput) => WorkflowDecisionRejection | undefined>> = {
  report: (input) => (isId(input.payload?.reportId) ? undefined : { kind: 'invalid', reason: 'report-required' }),
  moreInfo: (input) => (isId(input.payload?.noteId) ? undefined : { kind: 'invalid', reason: 'answer-required' }),
};

/** The next step each decision leads to, returned to the deciding user as the verdict's result. */
const NEXT: Record<string, string> = {
  accept: 'scheduling',
  decline: 'decline-review',
  answered: 'triage',
  cancel: 'cancelled',
  'unable-to-reach': 'referrer-informed',
  'keep-waiting': 'scheduling',
  'report-sent': 'review',
  acknowledge: 'closed',
};

/**
 * Creates one of the referral's tasks through the inbox primitive: its text in `task_details`, its SLA
 * and escalation chain from the stage, its decision options from the contract. The outcome is queued
 * for the main loop (decisions arrive as the inbox's Workflow Updates).
 */
export async function openTask(run: ReferralRun, role: ReferralTaskRole, stageKey: string, plan: TaskPlan): Promise<void> {
  const { tenantId, referralId } = run.input;
  const taskId = uuid4();
  await store.describeReferralTask({ tenantId, taskId, ...DESCRIPTIONS[role], instructions: `${DESCRIPTIONS[role].instructions} Referral ${referralId}.` });
  const spec = REFERRAL_TASKS[role];
  const handle = await startHumanTask({
    step: `${stageKey}:${role}`,
    tenantId,
    taskId,
    type: spec.type,
    category: plan.category,
    priority: taskPriority(run.loaded.urgency),
    subject: { type: 'referral', id: referralId },
    patientId: run.loaded.patientId,
    assignee: plan.assignee,
    ...(plan.slaMs !== null ? { dueIn: Math.max(1000, plan.slaMs) } : {}),
    escalations: escalationChain(plan.slaMs, { departmentId: plan.escalationDepartmentId, assignedToPractitioner: !('poolId' in plan.assignee) }),
    options: [...spec.options],
    createdBy: SYSTEM_ACTOR,
    onDecision: (decision) => ({ referralId, next: NEXT[decision.outcome] ?? null }),
    ...(DECISION_RULES[role] ? { validateDecision: DECISION_RULES[role] } : {}),
  });
  run.track({ handle, role, stageKey });
  // A workflow cancelled from outside rejects `result`: the loop is gone then, and nothing is queued.
  void handle.result.then((result) => run.push({ kind: 'task', taskId: handle.taskId, result }), () => undefined);
}

/** Closes the named open tasks as cancelled (the case moved on without them); their history stays. */
export async function cancelTasks(run: ReferralRun, roles: ReferralTaskRole[] | 'all', reason: string): Promise<void> {
  for (const task of [...run.tasks.values()]) {
    if (roles !== 'all' && !roles.includes(task.role)) continue;
    run.tasks.delete(task.handle.taskId);
    await task.handle.cancel(reason);
  }
}
