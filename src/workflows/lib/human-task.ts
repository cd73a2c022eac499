import { msToNumber } from '@temporalio/common/lib/time';
import { ApplicationFailure, uuid4, workflowInfo } from '@temporalio/workflow';
import { type TaskActorRef, type TaskPriority, type TaskSnapshot } from '../shared/tasks.js';
import { type HumanTaskResult, type HumanTaskSpec } from './human-task-types.js';
import { SlaClock } from './sla-clock.js';
import { taskActivities } from './task-activities.js';
import { type BoardEntry, TaskBoard } from './task-board.js';
import { installTaskHandlers, snapshotOf } from './task-commands.js';
import { applySystemChange, runTimeline } from './task-sla.js';
import { buildTimeline, type TimelineEvent } from './task-timeline.js';

export type { HumanTaskResult, HumanTaskSpec, TaskDecision } from './human-task-types.js';

/** A task the workflow created; `result` settles when it is decided, cancelled or expired. */
export interface HumanTask {
  readonly taskId: string;
  /**
   * The decision (or cancellation / expiry). If the workflow, or the cancellation scope the task was
   * started in, is cancelled, the task is marked cancelled first and `result` rejects with that cancellation.
   */
  readonly result: Promise<HumanTaskResult>;
  snapshot(): TaskSnapshot;
  /** The case ended another way: close the task as cancelled (no-op once it is closed). */
  cancel(reason: string): Promise<void>;
  /** Stop the SLA clock (reminder, escalations, expiry) until `resume`. */
  hold(reason?: string): Promise<void>;
  resume(): Promise<void>;
}

const DEFAULT_DUE_MS: Record<TaskPriority, number> = { stat: 3_600_000, urgent: 86_400_000, routine: 3 * 86_400_000 };

// Per workflow run: Temporal gives every workflow execution its own copy of workflow modules.
let board: TaskBoard | undefined;

function currentBoard(): TaskBoard {
  if (!board) {
    board = new TaskBoard();
    installTaskHandlers(board);
  }
  return board;
}

function timelineOf(spec: HumanTaskSpec): TimelineEvent[] {
  try {
    return buildTimeline({
      remindAfterMs: spec.remindAfter === undefined ? undefined : msToNumber(spec.remindAfter),
      escalations: spec.escalations?.map((level) => ({ afterMs: msToNumber(level.after), to: level.to })),
      expireAfterMs: spec.expireAfter === undefined ? undefined : msToNumber(spec.expireAfter),
    });
  } catch {
    throw ApplicationFailure.create({ type: 'TaskInvalid', message: 'invalid-timeline', nonRetryable: true });
  }
}

/**
 * Creates a human task (idempotently: keyed by workflow ID + step), installs the workflow's task
 * handlers (decision, claim, release, reassign, hold/resume as Workflow Updates with validators)
 * and runs its SLA timeline: reminder, escalation chain, expiry, all on active time.
 */
export async function startHumanTask(spec: HumanTaskSpec): Promise<HumanTask> {
  const tasks = currentBoard();
  const taskId = spec.taskId ?? uuid4();
  const timeline = timelineOf(spec);
  const priority = spec.priority ?? 'routine';
  const createdAt = Date.now();
  const dueMs = spec.dueIn === undefined ? DEFAULT_DUE_MS[priority] : msToNumber(spec.dueIn);
  const info = workflowInfo();
  const createdBy: TaskActorRef = spec.createdBy ?? { type: 'system', id: info.workflowType, role: 'system' };
  tasks.expect(taskId);
  let snapshot: TaskSnapshot;
  try {
    snapshot = await taskActivities.createTask({
      tenantId: spec.tenantId,
      taskId,
      workflowId: info.workflowId,
      step: spec.step,
      type: spec.type,
      category: spec.category,
      priority,
      subject: spec.subject,
      patientId: spec.patientId ?? null,
      assignee: spec.assignee,
      dueAt: new Date(createdAt + dueMs).toISOString(),
      options: spec.options ?? null,
      createdBy,
    });
  } catch (err) {
    tasks.markFailed(taskId, { kind: 'invalid', reason: 'invalid-target' });
    throw err;
  }

  let settle: (result: HumanTaskResult) => void = () => undefined;
  const settled = new Promise<HumanTaskResult>((resolve) => {
    settle = resolve;
  });
  const entry: BoardEntry = {
    tenantId: spec.tenantId,
    task: { ...snapshot, category: spec.category, options: spec.options ?? null, decisionPending: false },
    clock: new SlaClock(createdAt),
    reminders: 0,
    onDecision: spec.onDecision,
    validateDecision: spec.validateDecision,
    settle,
  };
  tasks.add(entry, taskId);
  const result = runTimeline(tasks, entry, timeline).then(() => settled);
  // The caller awaits `result`; this keeps a cancellation nobody awaited from failing the workflow task.
  result.catch(() => undefined);

  return {
    taskId: snapshot.taskId,
    result,
    snapshot: () => snapshotOf(entry.task),
    cancel: (reason) => applySystemChange(tasks, entry, { kind: 'cancel' }, reason),
    hold: (reason) => applySystemChange(tasks, entry, { kind: 'hold' }, reason),
    resume: () => applySystemChange(tasks, entry, { kind: 'resume' }),
  };
}

/** Creates a task and waits for its outcome: the one call most workflows need. */
export async function humanTask(spec: HumanTaskSpec): Promise<HumanTaskResult> {
  const task = await startHumanTask(spec);
  return task.result;
}
