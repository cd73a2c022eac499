import { type Knex } from 'knex';
import { buildAbility } from '../authz/ability.js';
import { type Actor } from '../authz/actor.js';
import { type AccessScope, withRequestTenant } from '../authz/request-scope.js';
import { withTaskScope } from '../authz/rules/tasks.js';
import { TASK_ROLES, type TaskActorRef } from '../workflows/shared/tasks.js';
import { poolIdsOf } from './pools.js';

/** The caller's tenant transaction and permissions, with the task pools they work. */
export interface TaskAccess extends AccessScope {
  poolIds: string[];
}

/**
 * Runs `fn` in the caller's tenant with task permissions that know their pools: which pools a user
 * works is data (department membership), so it is read once per request and becomes part of the
 * rules, and so of the SQL conditions every task query carries.
 */
export function withTaskAccess<T>(db: Knex, fn: (access: TaskAccess) => Promise<T>): Promise<T> {
  return withRequestTenant(db, async (scope) => {
    const { actor } = scope;
    const works = actor.type === 'user' && (TASK_ROLES as readonly string[]).includes(actor.role);
    const poolIds = works ? await poolIdsOf(scope.trx, actor.id, actor.role) : [];
    return fn({ ...scope, ability: buildAbility(withTaskScope(actor, { poolIds })), poolIds });
  });
}

/** The caller as the workflow's validators see them: ID and role, nothing else. */
export function taskActorRef(actor: Actor): TaskActorRef {
  return { type: actor.type === 'user' ? 'user' : 'system', id: actor.id, role: actor.role === 'system' ? 'system' : actor.role };
}
