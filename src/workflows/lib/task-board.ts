import { ApplicationFailure, condition } from '@temporalio/workflow';
import { TASK_REJECTION_TYPES, type TaskRejection, type TaskSnapshot } from '../shared/tasks.js';
import { type HumanTaskResult, type HumanTaskSpec, type TaskDecision } from './human-task-types.js';
import { type SlaClock } from './sla-clock.js';
import { TaskLock } from './task-lock.js';
import { isClosed, type LiveTask } from './task-rules.js';

/** One task of this workflow run, with what the handlers and the SLA timeline share. */
export interface BoardEntry {
  tenantId: string;
  task: LiveTask;
  /** Active time since creation; paused while the task is on hold. */
  clock: SlaClock;
  reminders: number;
  onDecision?: (decision: TaskDecision) => unknown;
  validateDecision?: HumanTaskSpec['validateDecision'];
  settle(result: HumanTaskResult): void;
}

/** The failure a rejected command carries: a typed code, no PHI (the API maps the type to a status). */
export function rejectionFailure(rejection: TaskRejection | { kind: TaskRejection['kind']; reason: string }): ApplicationFailure {
  return ApplicationFailure.create({ type: TASK_REJECTION_TYPES[rejection.kind], message: rejection.reason, nonRetryable: true });
}

/** The tasks of one workflow run, shared by the update handlers and each task's SLA timeline. */
export class TaskBoard {
  readonly lock = new TaskLock();
  private readonly entries = new Map<string, BoardEntry>();
  private readonly failures = new Map<string, TaskRejection>();
  /** Tasks being created: their row may already be in an inbox before the workflow knows the task. */
  private readonly pending = new Set<string>();

  expect(taskId: string): void {
    this.pending.add(taskId);
  }

  isPending(taskId: string): boolean {
    return this.pending.has(taskId);
  }

  /** Resolves once the task is on the board or its creation has failed. */
  async whenKnown(taskId: string): Promise<void> {
    await condition(() => this.entries.has(taskId) || this.failures.has(taskId));
  }

  get(taskId: string): BoardEntry | undefined {
    return this.entries.get(taskId);
  }

  add(entry: BoardEntry, requestedTaskId = entry.task.taskId): void {
    this.entries.set(entry.task.taskId, entry);
    this.pending.delete(requestedTaskId);
  }

  all(): BoardEntry[] {
    return [...this.entries.values()];
  }

  /** A task whose creation failed: whoever waits for it gets this rejection. */
  markFailed(taskId: string, rejection: TaskRejection): void {
    this.failures.set(taskId, rejection);
    this.pending.delete(taskId);
  }

  failure(taskId: string): TaskRejection | undefined {
    return this.failures.get(taskId);
  }

  /** Takes the state an activity returned; pauses or resumes the SLA clock when the hold changed. */
  apply(entry: BoardEntry, snapshot: TaskSnapshot): void {
    const now = Date.now();
    if (snapshot.onHold && !entry.task.onHold) entry.clock.pause(now);
    if (!snapshot.onHold && entry.task.onHold) entry.clock.resume(now);
    entry.task = { ...entry.task, ...snapshot };
  }
}

export const isEntryClosed = (entry: BoardEntry) => isClosed(entry.task);
