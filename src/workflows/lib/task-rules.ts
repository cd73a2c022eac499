import {
  DECIDER_ROLES,
  type TaskActorRef,
  type TaskCategory,
  type TaskClaimInput,
  type TaskDecisionInput,
  type TaskHoldInput,
  type TaskReassignInput,
  type TaskRejection,
  type TaskReleaseInput,
  type TaskSnapshot,
} from '../shared/tasks.js';

/** What a workflow knows about one of its tasks: the last snapshot plus what validation needs. */
export interface LiveTask extends TaskSnapshot {
  category: TaskCategory;
  /** Allowed outcomes; null accepts any outcome code. */
  options: readonly string[] | null;
  /** Set the moment a decision is accepted, so a concurrent decision is refused before it enters history. */
  decisionPending: boolean;
}

/** On a re-check inside the accepted handler, the handler's own pending decision is not a conflict. */
export interface CheckOptions {
  ownDecision?: boolean;
}

const reject = (kind: TaskRejection['kind'], reason: TaskRejection['reason']): TaskRejection => ({ kind, reason });

export const isClosed = (task: Pick<TaskSnapshot, 'status'>) => task.status === 'completed' || task.status === 'cancelled' || task.status === 'expired';

/**
 * Whether the actor may act on the task at all: the claimer, the owner, a holder of the pool's role
 * (department membership is enforced by the API's permission query before the command is sent),
 * an administrator, or the platform itself.
 */
export function mayAct(task: LiveTask, actor: TaskActorRef): boolean {
  if (actor.type === 'system' || actor.role === 'admin') return true;
  if (task.claimedByUserId) return task.claimedByUserId === actor.id;
  if (task.ownerUserId) return task.ownerUserId === actor.id;
  return task.poolRole !== null && task.poolRole === actor.role;
}

function common(task: LiveTask | undefined, input: { version?: number }, options: CheckOptions): TaskRejection | undefined {
  if (!task) return reject('not-found', 'task-not-found');
  if (isClosed(task)) return reject('conflict', 'task-closed');
  if (task.decisionPending && !options.ownDecision) return reject('conflict', 'decision-in-progress');
  if (input.version !== undefined && input.version !== task.version) return reject('conflict', 'stale-version');
  return undefined;
}

export function decisionRejection(task: LiveTask | undefined, input: TaskDecisionInput, options: CheckOptions = {}): TaskRejection | undefined {
  const base = common(task, input, options);
  if (base || !task) return base;
  const role = input.actor.role;
  if (input.actor.type !== 'user' || !(DECIDER_ROLES[task.category] as readonly string[]).includes(role)) {
    return reject('forbidden', 'role-may-not-decide');
  }
  if (task.claimedByUserId && task.claimedByUserId !== input.actor.id) return reject('conflict', 'claimed-by-another');
  if (!mayAct(task, input.actor)) return reject('forbidden', 'not-assigned');
  if (task.options && !task.options.includes(input.outcome)) return reject('invalid', 'unknown-outcome');
  return undefined;
}

export function claimRejection(task: LiveTask | undefined, input: TaskClaimInput): TaskRejection | undefined {
  const base = common(task, input, {});
  if (base || !task) return base;
  if (input.actor.type !== 'user') return reject('forbidden', 'not-assigned');
  if (task.claimedByUserId === input.actor.id) return reject('conflict', 'already-claimed');
  if (task.claimedByUserId) return reject('conflict', 'claimed-by-another');
  if (!mayAct(task, input.actor)) return reject('forbidden', 'not-assigned');
  return undefined;
}

export function releaseRejection(task: LiveTask | undefined, input: TaskReleaseInput): TaskRejection | undefined {
  const base = common(task, input, {});
  if (base || !task) return base;
  if (!task.claimedByUserId) return reject('conflict', 'not-claimed');
  if (!mayAct(task, input.actor)) return reject('conflict', 'claimed-by-another');
  return undefined;
}

export function reassignRejection(task: LiveTask | undefined, input: TaskReassignInput): TaskRejection | undefined {
  const base = common(task, input, {});
  if (base || !task) return base;
  if (task.claimedByUserId && !mayAct(task, input.actor)) return reject('conflict', 'claimed-by-another');
  if (!mayAct(task, input.actor)) return reject('forbidden', 'not-assigned');
  const target = 'userId' in input.to ? input.to.userId : input.to.poolId;
  if (!target) return reject('invalid', 'invalid-target');
  return undefined;
}

export function holdRejection(task: LiveTask | undefined, input: TaskHoldInput): TaskRejection | undefined {
  const base = common(task, input, {});
  if (base || !task) return base;
  if (task.onHold) return reject('conflict', 'already-on-hold');
  if (!mayAct(task, input.actor)) return reject('forbidden', 'not-assigned');
  return undefined;
}

export function resumeRejection(task: LiveTask | undefined, input: TaskHoldInput): TaskRejection | undefined {
  const base = common(task, input, {});
  if (base || !task) return base;
  if (!task.onHold) return reject('conflict', 'not-on-hold');
  if (!mayAct(task, input.actor)) return reject('forbidden', 'not-assigned');
  return undefined;
}
