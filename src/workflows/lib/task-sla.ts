import { CancellationScope, condition, isCancellation, log, workflowInfo } from '@temporalio/workflow';
import type { TaskChange } from '../../activities/tasks.js';
import { type TaskActorRef } from '../shared/tasks.js';
import { taskActivities } from './task-activities.js';
import { type BoardEntry, isEntryClosed, type TaskBoard } from './task-board.js';
import { type TimelineEvent } from './task-timeline.js';

const SLA_ACTOR: TaskActorRef = { type: 'system', id: 'task-sla', role: 'system' };
const workflowActor = (): TaskActorRef => ({ type: 'system', id: workflowInfo().workflowType, role: 'system' });

/** Waits until the task's active time reaches `atMs`; false when the task closed first. */
async function reach(entry: BoardEntry, atMs: number): Promise<boolean> {
  for (;;) {
    if (isEntryClosed(entry)) return false;
    const wait = entry.clock.untilActive(atMs, Date.now());
    if (wait <= 0) return true;
    const paused = entry.clock.paused;
    const changed = () => isEntryClosed(entry) || entry.clock.paused !== paused;
    if (wait === Infinity) await condition(changed);
    else await condition(changed, wait);
  }
}

/** Fires one SLA event under the task lock; 'retry' when a hold or a pending decision got there first. */
async function fire(board: TaskBoard, entry: BoardEntry, event: TimelineEvent): Promise<'done' | 'retry'> {
  if (isEntryClosed(entry)) return 'done';
  if (entry.task.decisionPending || entry.clock.untilActive(event.atMs, Date.now()) > 0) return 'retry';
  const { tenantId } = entry;
  const taskId = entry.task.taskId;
  switch (event.kind) {
    case 'remind':
      entry.reminders += 1;
      await taskActivities.remindTask({ tenantId, taskId, reminder: entry.reminders });
      return 'done';
    case 'escalate': {
      const outcome = await taskActivities.escalateTask({ tenantId, taskId, expectedVersion: entry.task.version, level: event.level, targets: event.to });
      board.apply(entry, outcome.snapshot);
      log.info('task escalated', { taskId, escalationId: outcome.escalationId, resolved: outcome.resolved });
      return 'done';
    }
    case 'expire': {
      const snapshot = await taskActivities.changeTask({ tenantId, taskId, expectedVersion: entry.task.version, change: { kind: 'expire' }, actor: SLA_ACTOR });
      board.apply(entry, snapshot);
      entry.settle({ status: 'expired' });
      return 'done';
    }
  }
}

/**
 * Runs the task's reminder, escalations and expiry in order, each once, on active time. When the
 * scope it runs in is cancelled (the case ended), the task is closed as cancelled before the
 * cancellation propagates.
 */
export async function runTimeline(board: TaskBoard, entry: BoardEntry, events: TimelineEvent[]): Promise<void> {
  try {
    for (const event of events) {
      let outcome: 'done' | 'retry' = 'retry';
      while (outcome === 'retry') {
        if (!(await reach(entry, event.atMs))) return;
        outcome = await board.lock.run(() => fire(board, entry, event));
      }
    }
    await condition(() => isEntryClosed(entry));
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => applySystemChange(board, entry, { kind: 'cancel' }, 'case-cancelled'));
    }
    throw err;
  }
}

/** A change the owning workflow makes itself (cancel, hold, resume); a no-op when it no longer applies. */
export function applySystemChange(board: TaskBoard, entry: BoardEntry, change: Extract<TaskChange, { kind: 'cancel' | 'hold' | 'resume' }>, reason?: string): Promise<void> {
  return board.lock.run(async () => {
    if (isEntryClosed(entry)) return;
    if (change.kind === 'hold' && entry.task.onHold) return;
    if (change.kind === 'resume' && !entry.task.onHold) return;
    const snapshot = await taskActivities.changeTask({
      tenantId: entry.tenantId,
      taskId: entry.task.taskId,
      expectedVersion: entry.task.version,
      change,
      actor: workflowActor(),
      reason,
    });
    board.apply(entry, snapshot);
    if (change.kind === 'cancel') entry.settle({ status: 'cancelled', reason: reason ?? 'cancelled' });
  });
}
