import { type Knex } from 'knex';
import { TASK_ROLES, type TaskAssignee } from '../../workflows/shared/tasks.js';
import { findPool } from '../pools.js';
import { TaskStoreError } from '../store/task-store-error.js';
import { activeCoverOf, activeUser, userOfPractitioner } from './people.js';

export interface ResolvedOwner {
  ownerUserId: string | null;
  poolId: string | null;
  /** Set when the intended owner is covered right now and the task went to their cover. */
  routedToCover?: { fromUserId: string; coverageId: string };
}

const invalidTarget = () => new TaskStoreError('invalid', 'invalid-target');

/** A user who works tasks, routed to their cover while a coverage period of theirs runs. */
export async function routeToUser(trx: Knex.Transaction, userId: string): Promise<ResolvedOwner> {
  const user = await activeUser(trx, userId);
  if (!user || !(TASK_ROLES as readonly string[]).includes(user.role)) throw invalidTarget();
  if (user.practitionerId) {
    const cover = await activeCoverOf(trx, user.practitionerId);
    if (cover && cover.coverUserId !== user.id) {
      return { ownerUserId: cover.coverUserId, poolId: null, routedToCover: { fromUserId: user.id, coverageId: cover.coverageId } };
    }
  }
  return { ownerUserId: user.id, poolId: null };
}

/** Where a new or reassigned task goes. Unknown or inactive targets are refused, never guessed. */
export async function resolveAssignee(trx: Knex.Transaction, assignee: TaskAssignee): Promise<ResolvedOwner> {
  if ('poolId' in assignee) {
    const pool = await findPool(trx, assignee.poolId);
    if (!pool) throw invalidTarget();
    return { ownerUserId: null, poolId: pool.id };
  }
  const userId = 'userId' in assignee ? assignee.userId : await userOfPractitioner(trx, assignee.practitionerId);
  if (!userId) throw invalidTarget();
  return routeToUser(trx, userId);
}
