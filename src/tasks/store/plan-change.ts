import { type ResolvedOwner } from '../routing/resolve-assignee.js';
import { type TaskChange } from './contract.js';
import { type TaskRow } from './task-row.js';

export interface TaskPatch {
  status?: TaskRow['status'];
  owner_user_id?: string | null;
  pool_id?: string | null;
  claimed_by_user_id?: string | null;
  due_at?: Date;
  on_hold_since?: Date | null;
  outcome?: string;
  outcome_note?: string | null;
  outcome_payload?: string | null;
  completed_by_user_id?: string;
  completed_at?: Date;
  closed_reason?: string | null;
}

export interface PlannedChange {
  action: string;
  patch: TaskPatch;
  details?: Record<string, unknown>;
}

const toOwner = (owner: ResolvedOwner): TaskPatch => ({
  owner_user_id: owner.ownerUserId,
  pool_id: owner.poolId,
  claimed_by_user_id: null,
  status: 'open',
});

/**
 * The row change for a command, as a pure function of the row (the workflow has already checked
 * that the command is allowed). `destination` is the resolved target of a reassignment.
 */
export function planChange(row: TaskRow, change: TaskChange, now: Date, destination?: ResolvedOwner): PlannedChange {
  switch (change.kind) {
    case 'claim':
      return { action: 'claimed', patch: { status: 'claimed', claimed_by_user_id: change.userId } };
    case 'release':
      return { action: 'released', patch: { status: 'open', claimed_by_user_id: null } };
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
      return { action: 'held', patch: { on_hold_since: now } };
    case 'resume': {
      // The due time moves by the time spent on hold: the SLA clock did not run meanwhile.
      const heldMs = row.on_hold_since ? Math.max(0, now.getTime() - row.on_hold_since.getTime()) : 0;
      return { action: 'resumed', patch: { on_hold_since: null, due_at: new Date(row.due_at.getTime() + heldMs) }, details: { heldMs } };
    }
    case 'complete':
      return {
        action: 'completed',
        patch: {
          status: 'completed',
          claimed_by_user_id: null,
          on_hold_since: null,
          outcome: change.outcome,
          outcome_note: change.note ?? null,
          outcome_payload: change.payload === undefined ? null : JSON.stringify(change.payload),
          completed_by_user_id: change.userId,
          completed_at: now,
        },
        details: { outcome: change.outcome },
      };
    case 'cancel':
      return { action: 'cancelled', patch: { status: 'cancelled', claimed_by_user_id: null, on_hold_since: null } };
    case 'expire':
      return { action: 'expired', patch: { status: 'expired', claimed_by_user_id: null, on_hold_since: null, closed_reason: 'expired' } };
    case 'route-to-cover':
      return {
        action: 'routed-to-cover',
        patch: { owner_user_id: change.toUserId, pool_id: null, claimed_by_user_id: null, status: 'open' },
        details: { coverageId: change.coverageId },
      };
  }
}
