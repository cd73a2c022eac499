import { type Knex } from 'knex';
import { type Actor } from '../authz/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { type Config } from '../config/config.js';
import { withTenant } from '../db/tenant-scope.js';
import { AppError } from '../errors/app-error.js';
import { loginLocked } from './auth-errors.js';
import { findActiveUserById, findTenantById, setPasswordHash } from './credentials-repository.js';
import { clearFailures, recordFailure, secondsLocked, throttleKeys } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { revokeUserSessions } from './sessions.js';

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

const currentPasswordWrong = () =>
  new AppError(403, 'current-password-incorrect', 'Current password incorrect', 'The current password is not correct.');

const unacceptable = (detail: string) =>
  new AppError(422, 'password-unacceptable', 'Password not acceptable', detail, { errors: [{ pointer: '/body/newPassword', detail }] });

/**
 * Context-specific words a password must not contain (NIST SP 800-63B §5.1.1.2): the user's
 * e-mail name, the clinic's sign-in name and the product's. Length is checked by the schema.
 */
function assertAcceptable(change: PasswordChange, context: { email: string; tenantSlug: string }): void {
  if (change.newPassword === change.currentPassword) throw unacceptable('The new password must differ from the current one.');
  const lowered = change.newPassword.toLowerCase();
  const words = [context.email.split('@')[0] ?? '', context.tenantSlug, 'smartclinix'].map((w) => w.toLowerCase()).filter((w) => w.length >= 4);
  if (words.some((w) => lowered.includes(w))) throw unacceptable('The new password must not contain your e-mail name, the clinic’s sign-in name or the product’s name.');
}

/**
 * A signed-in user changes their own password. The current password is checked like a sign-in
 * (a wrong one counts against the account and the client IP, and a locked account answers 429);
 * on success every other session of the user ends, the caller's own stays, and the change is audited.
 */
export async function changeOwnPassword(db: Knex, config: Config, actor: Actor, change: PasswordChange, ip: string | undefined): Promise<void> {
  if (actor.type !== 'user') throw new AppError(403, 'forbidden', 'Forbidden', 'Only a signed-in user can change their password.');
  const tenant = await findTenantById(db, actor.tenantId);
  const user = await withTenant(db, actor.tenantId, (trx) => findActiveUserById(trx, actor.id));
  if (!tenant || !user) throw new AppError(403, 'forbidden', 'Forbidden', 'Only a signed-in user can change their password.');

  const limits = config.auth.loginThrottle;
  const keys = throttleKeys(limits, tenant.slug, user.email, ip);
  const lockedFor = await secondsLocked(db, keys.all);
  if (lockedFor !== undefined) throw loginLocked(lockedFor);

  if (!(await verifyPassword(user.passwordHash, change.currentPassword))) {
    await withTenant(db, actor.tenantId, (trx) =>
      recordAudit(trx, actor, { action: 'password-change', entityType: 'User', entityId: user.id, outcome: 'denied', reason: 'bad-password' }),
    );
    await recordFailure(db, limits, keys.all);
    throw currentPasswordWrong();
  }
  assertAcceptable(change, { email: user.email, tenantSlug: tenant.slug });

  const passwordHash = await hashPassword(change.newPassword);
  await withTenant(db, actor.tenantId, async (trx) => {
    await setPasswordHash(trx, user.id, passwordHash);
    await revokeUserSessions(trx, user.id, { except: actor.sessionId });
    await recordAudit(trx, actor, { action: 'password-change', entityType: 'User', entityId: user.id, details: { otherSessionsEnded: true } });
  });
  await clearFailures(db, keys.account);
}
