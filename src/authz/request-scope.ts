import { type Knex } from 'knex';
import { currentContext } from '../context/request-context.js';
import { withTenant } from '../db/tenant-scope.js';
import { unauthorized } from '../errors/app-error.js';
import { type AppAbility } from './ability.js';
import { type Actor } from './actor.js';

/** What a use case needs to touch tenant data: the tenant-scoped transaction and the caller. */
export interface AccessScope {
  trx: Knex.Transaction;
  actor: Actor;
  ability: AppAbility;
}

/** The authenticated caller of the current request; 401 when there is none. */
export function currentActor(): { actor: Actor; ability: AppAbility } {
  const ctx = currentContext();
  if (!ctx?.actor || !ctx.ability) throw ctx?.authFailure ?? unauthorized();
  return { actor: ctx.actor, ability: ctx.ability };
}

/**
 * Runs `fn` in a transaction confined to the caller's tenant (row-level security) with the caller's
 * identity and permissions at hand. Every request's data access goes through here.
 */
export function withRequestTenant<T>(db: Knex, fn: (scope: AccessScope) => Promise<T>): Promise<T> {
  const { actor, ability } = currentActor();
  return withTenant(db, actor.tenantId, (trx) => fn({ trx, actor, ability }));
}
