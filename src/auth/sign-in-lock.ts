import { type Knex } from 'knex';
import { assertCan, notVisible } from '../authz/assert-can.js';
import { type AccessScope } from '../authz/request-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import { type Config } from '../config/config.js';
import { findUser } from '../registry/users/user-repository.js';
import { findTenantById } from './credentials-repository.js';
import { clearFailures, secondsLocked, throttleKeys } from './login-throttle.js';

export interface SignInLockView {
  locked: boolean;
  /** Seconds until the lock ends by itself (absent when not locked). */
  retryAfterSeconds?: number;
}

/**
 * The account key of a user's sign-in throttle. Locks are keyed on what a caller types (clinic
 * sign-in name and e-mail), so this is the lock that repeated wrong passwords for this user set.
 * A client IP's lock is never lifted here: it may be an attacker's.
 */
async function accountKey(scope: AccessScope, db: Knex, config: Config, userId: string, action: 'read' | 'update') {
  const user = await findUser(scope, userId);
  if (!user) throw notVisible(action, 'User', userId);
  assertCan(scope.ability, action, 'User', user);
  const tenant = (await findTenantById(db, scope.actor.tenantId))!;
  return { user, key: throttleKeys(config.auth.loginThrottle, tenant.slug, user.email, undefined).account };
}

export async function getSignInLock(scope: AccessScope, db: Knex, config: Config, userId: string): Promise<SignInLockView> {
  const { key } = await accountKey(scope, db, config, userId, 'read');
  const seconds = await secondsLocked(db, [key]);
  return seconds === undefined ? { locked: false } : { locked: true, retryAfterSeconds: seconds };
}

/** An administrator lifts a user's sign-in lock (and forgets the failures behind it); audited. */
export async function clearSignInLock(scope: AccessScope, db: Knex, config: Config, userId: string): Promise<SignInLockView> {
  const { user, key } = await accountKey(scope, db, config, userId, 'update');
  const seconds = await secondsLocked(db, [key]);
  await clearFailures(db, key);
  await recordAudit(scope.trx, scope.actor, {
    action: 'unlock',
    entityType: 'User',
    entityId: user.id,
    patientId: user.patientId,
    details: { wasLocked: seconds !== undefined },
  });
  return { locked: false };
}
