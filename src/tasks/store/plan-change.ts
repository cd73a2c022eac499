import { type ResolvedOwner } from '../routing/resolve-assignee.js';
import { type TaskChange } from './contract.js';
import { type StoredTask } from './load-task.js';

/** The task fields a change writes (camelCase, as the `Task` model patches them). */
export type TaskPatch = Partial<
  Pick<
    StoredTask,
    | 'status'
    | 'ownerUserId'
    | 'poolId'
    | 'claimedByUserId'
    | 'dueAt'
    | 'onHoldSince'
    | 'outcome'
    | 'outcomeNote'
    | 'outcomePayload'
    | 'completedByUserId'
    | 'completedAt'
    | 'closedReason'
  >
>;

export interface PlannedChange {
  action: string;
  patch: TaskPatch;
  details?: Record<string, unknown>;
}

const toOwner = (owner: ResolvedOwner): TaskPatch => ({
  ownerUserId: owner.ownerUserId,
  poolId: owner.poolId,
  claimedByUserId: null,
  status: 'open',
});

/**
 * The row change for a command, as a pure function of the task (the workflow has already checked
 * that the command is allowed). `destination` is the resolved target of a reassignment.
 */
export function planChange(task: StoredTask, change: TaskChange, now: Date, destination?: ResolvedOwner): PlannedChange {
  switch (change.kind) {
    case 'claim':
      return { action: 'claimed', patch: { status: 'claimed', claimedByUserId: change.userId } };
    case 'release':
      return { action: 'released', patch: { status: 'open', claimedByUserId: null } };
    case 'reassign': {
      if (!destination) throw new Error('reassign needs a resolved destination');
      const covered = destination.routedToCover;
      return {
        action: covered ? 'reassigned-to-cover' : 'reassigned',
        patch: toOwner(destination),
        details: covered ? { coverageId: covered.coverageId, intendedUserId: covered.fromUserId } : undefined,
      };
    }
    case 'hold':
      return { action: 'held', patch: { onHoldSince: now.toISOString() } };
    case 'resume': {
      // The due time moves by the time spent on hold: the SLA clock did not run meanwhile.
      const heldMs = task.onHoldSince ? Math.max(0, now.getTime() - Date.parse(task.onHoldSince)) : 0;
      return { action: 'resumed', patch: { onHoldSince: null, dueAt: new Date(Date.parse(task.dueAt) + heldMs).toISOString() }, details: { heldMs } };
    }
    case 'complete':
      return {
        action: 'completed',
        patch: {
          status: 'completed',
          claimedByUserId: null,
          onHoldSince: null,
          outcome: change.outcome,
          outcomeNote: change.note ?? null,
          outcomePayload: change.payload ?? null,
          completedByUserId: change.userId,
          completedAt: now.toISOString(),
        },
        details: { outcome: change.outcome },
      };
    case 'cancel':
      return { action: 'cancelled', patch: { status: 'cancelled', claimedByUserId: null, onHoldSince: null } };
    case 'expire':
      return { action: 'expired', patch: { status: 'expired', claimedByUserId: null, onHoldSince: null, closedReason: 'expired' } };
    case 'route-to-cover':
      return {
        action: 'routed-to-cover',
        patch: { ownerUserId: change.toUserId, poolId: null, claimedByUserId: null, status: 'open' },
        details: { coverageId: change.coverageId },
      };
  }
}
