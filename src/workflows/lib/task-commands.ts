import { log, setHandler } from '@temporalio/workflow';
import type { TaskChange } from '../../activities/tasks.js';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  type CoverRouting,
  holdTaskUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  resumeTaskUpdate,
  routeTaskToCoverSignal,
  type TaskActorRef,
  type TaskDecisionInput,
  type TaskRejection,
  type TaskSnapshot,
  taskReadyUpdate,
  taskStatesQuery,
  type TaskVerdict,
} from '../shared/tasks.js';
import { type TaskDecision } from './human-task-types.js';
import { taskActivities } from './task-activities.js';
import { type TaskBoard, rejectionFailure } from './task-board.js';
import {
  claimRejection,
  decisionRejection,
  holdRejection,
  isClosed,
  type LiveTask,
  reassignRejection,
  releaseRejection,
  resumeRejection,
} from './task-rules.js';

type Check<I> = (task: LiveTask | undefined, input: I) => TaskRejection | undefined;

export const COVERAGE_ACTOR: TaskActorRef = { type: 'system', id: 'task-coverage', role: 'system' };

export function snapshotOf(task: LiveTask): TaskSnapshot {
  const { category: _c, options: _o, decisionPending: _d, ...snapshot } = task;
  return snapshot;
}

/**
 * A validator from a rule: a rejected command never enters the workflow history. A command for a
 * task still being created is accepted here and checked by its handler once the task exists.
 */
function validator<I extends { taskId: string }>(board: TaskBoard, check: Check<I>) {
  return (input: I): void => {
    const task = board.get(input.taskId)?.task;
    if (!task && board.isPending(input.taskId)) return;
    const rejection = check(task, input);
    if (rejection) throw rejectionFailure(rejection);
  };
}

/** Waits for a task that was still being created when its command arrived (no wait otherwise). */
async function known(board: TaskBoard, taskId: string): Promise<void> {
  if (!board.get(taskId)) await board.whenKnown(taskId);
}

/**
 * Applies an accepted command once earlier changes are done. The rule is checked again against the
 * state those changes left (a stale version or a claim that landed first is still refused).
 */
function applyCommand<I extends { taskId: string; actor: TaskActorRef; reason?: string }>(board: TaskBoard, check: Check<I>, change: (input: I) => TaskChange) {
  return async (input: I): Promise<TaskSnapshot> => {
    await known(board, input.taskId);
    return board.lock.run(async () => {
      const entry = board.get(input.taskId);
      const rejection = check(entry?.task, input);
      if (rejection || !entry) throw rejectionFailure(rejection ?? { kind: 'not-found', reason: 'task-not-found' });
      const snapshot = await taskActivities.changeTask({
        tenantId: entry.tenantId,
        taskId: input.taskId,
        expectedVersion: entry.task.version,
        change: change(input),
        actor: input.actor,
        reason: input.reason,
      });
      board.apply(entry, snapshot);
      return snapshot;
    });
  };
}

/** The decision: stored, handed to the workflow's `onDecision`, and answered with the verdict. */
async function decide(board: TaskBoard, input: TaskDecisionInput): Promise<TaskVerdict> {
  // No await at all when the task exists, so the flag below is set in the validator's turn.
  if (!board.get(input.taskId)) await board.whenKnown(input.taskId);
  const entry = board.get(input.taskId);
  if (!entry) throw rejectionFailure(board.failure(input.taskId) ?? { kind: 'not-found', reason: 'task-not-found' });
  // Synchronous after the validator (no await when the task exists): a second decision arriving
  // now is refused by its own validator.
  if (entry.task.decisionPending) throw rejectionFailure({ kind: 'conflict', reason: 'decision-in-progress' });
  entry.task.decisionPending = true;
  try {
    return await board.lock.run(async () => {
      const rejection = decisionRejection(entry.task, input, { ownDecision: true });
      if (rejection) throw rejectionFailure(rejection);
      const own = entry.validateDecision?.(input);
      if (own) throw rejectionFailure(own);
      const { outcome, note, payload } = input;
      const snapshot = await taskActivities.changeTask({
        tenantId: entry.tenantId,
        taskId: input.taskId,
        expectedVersion: entry.task.version,
        change: { kind: 'complete', userId: input.actor.id, outcome, note, payload },
        actor: input.actor,
      });
      board.apply(entry, snapshot);
      const decision: TaskDecision = { taskId: input.taskId, outcome, note, payload, decidedBy: input.actor, version: snapshot.version };
      const result = entry.onDecision ? await entry.onDecision(decision) : undefined;
      const verdict: TaskVerdict = { taskId: input.taskId, status: 'completed', outcome, version: snapshot.version, ...(result === undefined ? {} : { result }) };
      entry.settle({ status: 'completed', decision, verdict });
      return verdict;
    });
  } finally {
    entry.task.decisionPending = false;
  }
}

/** Moves a still-open task from a practitioner who is away to their cover (sent by the coverage workflow). */
async function routeToCover(board: TaskBoard, routing: CoverRouting): Promise<void> {
  await board.lock.run(async () => {
    const entry = board.get(routing.taskId);
    if (!entry || isClosed(entry.task) || entry.task.decisionPending) return;
    const { ownerUserId, claimedByUserId } = entry.task;
    if (ownerUserId !== routing.fromUserId && claimedByUserId !== routing.fromUserId) return;
    try {
      const snapshot = await taskActivities.changeTask({
        tenantId: entry.tenantId,
        taskId: routing.taskId,
        expectedVersion: entry.task.version,
        change: { kind: 'route-to-cover', ...routing },
        actor: COVERAGE_ACTOR,
        reason: 'coverage',
      });
      board.apply(entry, snapshot);
    } catch (err) {
      // A signal cannot answer its sender; the task simply stays where it was.
      log.warn('task could not be routed to cover', { taskId: routing.taskId, coverageId: routing.coverageId, errorType: (err as Error)?.name });
    }
  });
}

/** Installs the one set of task handlers a workflow needs, whatever number of tasks it creates. */
export function installTaskHandlers(board: TaskBoard): void {
  const inboxRules = validator(board, decisionRejection);
  setHandler(completeTaskUpdate, (input) => decide(board, input), {
    validator: (input: TaskDecisionInput) => {
      inboxRules(input);
      const own = board.get(input.taskId)?.validateDecision?.(input);
      if (own) throw rejectionFailure(own);
    },
  });
  setHandler(claimTaskUpdate, applyCommand(board, claimRejection, (i) => ({ kind: 'claim', userId: i.actor.id })), {
    validator: validator(board, claimRejection),
  });
  setHandler(releaseTaskUpdate, applyCommand(board, releaseRejection, () => ({ kind: 'release' })), {
    validator: validator(board, releaseRejection),
  });
  setHandler(reassignTaskUpdate, applyCommand(board, reassignRejection, (i) => ({ kind: 'reassign', to: i.to })), {
    validator: validator(board, reassignRejection),
  });
  setHandler(holdTaskUpdate, applyCommand(board, holdRejection, () => ({ kind: 'hold' })), { validator: validator(board, holdRejection) });
  setHandler(resumeTaskUpdate, applyCommand(board, resumeRejection, () => ({ kind: 'resume' })), {
    validator: validator(board, resumeRejection),
  });
  setHandler(taskReadyUpdate, async ({ taskId }) => {
    await board.whenKnown(taskId);
    const failure = board.failure(taskId);
    if (failure) throw rejectionFailure(failure);
    return snapshotOf(board.get(taskId)!.task);
  });
  setHandler(taskStatesQuery, () => board.all().map((entry) => snapshotOf(entry.task)));
  setHandler(routeTaskToCoverSignal, (routing) => routeToCover(board, routing));
}
