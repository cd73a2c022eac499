import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { type Knex } from 'knex';
import { changeTask } from '../tasks/store/change-task.js';
import {
  type ChangeTaskInput,
  type CoverageRoutingPlan,
  type CreateTaskInput,
  type EscalateTaskInput,
  type EscalationOutcome,
  type RemindTaskInput,
} from '../tasks/store/contract.js';
import { planCoverageRouting } from '../tasks/store/coverage-plan.js';
import { createTask } from '../tasks/store/create-task.js';
import { escalateTask } from '../tasks/store/escalate-task.js';
import { remindTask } from '../tasks/store/remind-task.js';
import { TaskStoreError } from '../tasks/store/task-store-error.js';
import { emailTaskHolder, type SendMessage } from '../tasks/notify-holder.js';
import { TASK_REJECTION_TYPES, type TaskSnapshot } from '../workflows/shared/tasks.js';

export type { TaskChange } from '../tasks/store/contract.js';

export interface TaskActivityDeps {
  db: Knex;
  /** Emails a task's holder of reminders and escalations (tasks/notify-holder.ts); absent: inbox only. */
  sendMessage?: SendMessage;
}

/** Attempts of a reminder or escalation activity after which its email is given up on (the task moves on regardless). */
const NOTICE_ATTEMPTS = 3;
const lastNoticeAttempt = () => Context.current().info.attempt >= NOTICE_ATTEMPTS;

/** A refused write becomes a typed, non-retryable failure carrying only its code. */
async function typed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof TaskStoreError) {
      throw ApplicationFailure.create({ type: TASK_REJECTION_TYPES[err.kind], message: err.reason, nonRetryable: true });
    }
    throw err;
  }
}

/**
 * The human-task primitive's activities. Workflows are the only writers of task rows; every
 * activity is idempotent (workflow + step, version, reminder number or escalation ID). A reminder
 * or an escalation to one person also emails them, once, after it is recorded.
 */
export function createTaskActivities({ db, sendMessage }: TaskActivityDeps) {
  const notices = { db, send: sendMessage };
  return {
    createTask: (input: CreateTaskInput): Promise<TaskSnapshot> => typed(() => createTask(db, input)),
    changeTask: (input: ChangeTaskInput): Promise<TaskSnapshot> => typed(() => changeTask(db, input)),
    async escalateTask(input: EscalateTaskInput): Promise<EscalationOutcome> {
      const { newHolder, ...outcome } = await typed(() => escalateTask(db, input));
      if (newHolder) await emailTaskHolder(notices, { tenantId: input.tenantId, taskId: input.taskId, holder: newHolder, kind: 'escalated', key: outcome.escalationId }, lastNoticeAttempt());
      return outcome;
    },
    async remindTask(input: RemindTaskInput): Promise<void> {
      const holder = await typed(() => remindTask(db, input));
      if (holder) await emailTaskHolder(notices, { tenantId: input.tenantId, taskId: input.taskId, holder, kind: 'reminder', key: `${input.taskId}:R${input.reminder}` }, lastNoticeAttempt());
    },
    planCoverageRouting: (input: { tenantId: string; coverageId: string }): Promise<CoverageRoutingPlan> =>
      typed(() => planCoverageRouting(db, input)),
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
