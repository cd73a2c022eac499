import {
  type Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcDeadlineError,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { AppError, conflict, forbidden, notFound, serviceUnavailable } from '../errors/app-error.js';
import { TASK_REJECTION_TYPES, type TaskRejectionReason } from '../workflows/shared/tasks.js';

/** How long a caller waits for the workflow's answer before getting a 503 (the command may still apply). */
const UPDATE_DEADLINE_MS = 30_000;

const MESSAGES: Record<TaskRejectionReason, string> = {
  'task-not-found': 'The task does not exist.',
  'task-closed': 'The task is already closed.',
  'decision-in-progress': 'Another decision on this task is being recorded.',
  'stale-version': 'The task has changed since you loaded it.',
  'claimed-by-another': 'Someone else has claimed this task.',
  'already-claimed': 'You have already claimed this task.',
  'not-claimed': 'The task is not claimed.',
  'not-assigned': 'The task is not assigned to you or your pool.',
  'role-may-not-decide': 'Your role may not decide this task.',
  'unknown-outcome': 'The outcome is not one of the task’s options.',
  'already-on-hold': 'The task is already on hold.',
  'not-on-hold': 'The task is not on hold.',
  'invalid-target': 'The target user or pool cannot take this task.',
};

/** The problem response for a rejected task command; `reason` lets clients tell conflicts apart. */
export function taskRejectionError(type: string | undefined | null, reason: string): AppError | undefined {
  const known = reason in MESSAGES ? (reason as TaskRejectionReason) : undefined;
  const detail = known ? MESSAGES[known] : 'The task command was refused.';
  // Workflows add their own machine codes (e.g. signing-assertion-required); codes only, never PHI.
  const code = known ?? (/^[a-z0-9-]{1,64}$/.test(reason) ? reason : undefined);
  switch (type) {
    case TASK_REJECTION_TYPES.conflict:
      return conflict(detail, { reason: code });
    case TASK_REJECTION_TYPES.forbidden:
      return code ? new AppError(403, 'forbidden', 'Forbidden', detail, { reason: code }) : forbidden(detail);
    case TASK_REJECTION_TYPES.invalid:
      return new AppError(422, 'invalid-task-command', 'Invalid task command', detail, { reason: code });
    case TASK_REJECTION_TYPES['not-found']:
      return notFound('Task');
    default:
      return undefined;
  }
}

function rootApplicationFailure(err: unknown): ApplicationFailure | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof ApplicationFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps a failed Workflow Update call: a rejection (validator or handler) changed nothing. */
export function taskUpdateError(err: unknown): unknown {
  if (err instanceof WorkflowUpdateFailedError) {
    const failure = rootApplicationFailure(err);
    return (failure && taskRejectionError(failure.type, failure.message)) ?? serviceUnavailable('The task workflow could not apply the command.');
  }
  if (err instanceof WorkflowNotFoundError) return conflict(MESSAGES['task-closed'], { reason: 'task-closed' });
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err)) {
    return serviceUnavailable('The task workflow did not answer in time; retry the request.');
  }
  return err;
}

/** Runs a Temporal call with the deadline a caller waits for a workflow's answer. */
export function withUpdateDeadline<T>(temporal: Client, call: () => Promise<T>): Promise<T> {
  return temporal.withDeadline(Date.now() + UPDATE_DEADLINE_MS, call);
}

/**
 * Sends a command to the task's workflow as a Workflow Update and returns the workflow's answer.
 * A rejection becomes 409/403/422/404.
 */
export async function sendTaskUpdate<Ret, Arg>(temporal: Client, workflowId: string, update: UpdateDefinition<Ret, [Arg]>, input: Arg, updateId?: string): Promise<Ret> {
  try {
    return await withUpdateDeadline(temporal, () =>
      temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [input], ...(updateId ? { updateId } : {}) }),
    );
  } catch (err) {
    throw taskUpdateError(err);
  }
}
