import { type Knex } from 'knex';
import { type Config } from '../config/config.js';
import { type Actor } from '../authz/actor.js';
import { type AccessScope } from '../authz/request-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../db/tenant-scope.js';
import { AppError, conflict } from '../errors/app-error.js';
import { sessionEnded } from './auth-errors.js';
import { enableMfa, findActiveUserById, findTenantById, setPendingMfaSecret, toSessionUser } from './credentials-repository.js';
import { clearFailures, recordFailure, throttleKeys } from './login-throttle.js';
import { consumeTotp } from './second-factor.js';
import { sealSecret } from './secret-box.js';
import { type ClientInfo, openSession, revokeSession, type SessionTokens } from './sessions.js';
import { generateTotpSecret, totpUri } from './totp.js';

const ISSUER = 'SmartClinix';

const alreadyEnabled = () => conflict('A second factor is already enrolled. An administrator can reset it.');
const invalidCode = () => new AppError(422, 'invalid-code', 'Invalid code', 'The code is not valid. Check the authenticator app and try again.');

/**
 * Step 1: a new TOTP secret for the caller, stored encrypted and not yet active. Shown once, as the
 * secret and as an otpauth URI for a QR code. Calling it again replaces a pending secret.
 */
export async function startMfaEnrollment(scope: AccessScope, config: Config): Promise<{ secret: string; otpauthUri: string }> {
  const user = await findActiveUserById(scope.trx, scope.actor.id);
  if (!user) throw sessionEnded();
  if (user.mfaEnabled) throw alreadyEnabled();
  const tenant = await findTenantById(scope.trx, user.tenantId);
  const secret = generateTotpSecret();
  await setPendingMfaSecret(scope.trx, user.id, sealSecret(config.auth.mfaEncryptionKey, secret, user.id));
  await recordAudit(scope.trx, scope.actor, { action: 'mfa-enrollment-start', entityType: 'User', entityId: user.id });
  return { secret, otpauthUri: totpUri(secret, ISSUER, `${tenant?.slug ?? 'smartclinix'}:${user.email}`) };
}

type VerifyOutcome = { ok: true; tokens: SessionTokens } | { ok: false; error: Error; throttle?: ReturnType<typeof throttleKeys> };

/**
 * Step 2: the first code from the authenticator app activates the factor. The caller's session (or
 * enrolment-only token) is replaced by a full session authenticated with both factors. Wrong codes
 * count against the account's login throttle, so the six digits cannot be brute-forced here either.
 */
export async function completeMfaEnrollment(db: Knex, config: Config, actor: Actor, code: string, client: ClientInfo): Promise<SessionTokens> {
  const outcome = await withTenant(db, actor.tenantId, async (trx): Promise<VerifyOutcome> => {
    const user = await findActiveUserById(trx, actor.id);
    if (!user) return { ok: false, error: sessionEnded() };
    if (user.mfaEnabled) return { ok: false, error: alreadyEnabled() };
    if (!user.mfaSecretEncrypted) return { ok: false, error: conflict('Start enrolment first (POST /api/v1/auth/mfa/enroll).') };
    const tenant = await findTenantById(trx, user.tenantId);
    const throttle = throttleKeys(config.auth.loginThrottle, tenant?.slug ?? '', user.email, client.ip);
    if (!(await consumeTotp(trx, config, user, code, false))) {
      await recordAudit(trx, actor, { action: 'mfa-enrollment', entityType: 'User', entityId: user.id, outcome: 'denied', reason: 'bad-totp' });
      return { ok: false, error: invalidCode(), throttle };
    }
    await enableMfa(trx, user.id);
    if (actor.sessionId) await revokeSession(trx, actor.sessionId);
    const tokens = await openSession(trx, config, toSessionUser(user), ['pwd', 'otp'], client);
    await recordAudit(trx, actor, { action: 'mfa-enrollment', entityType: 'User', entityId: user.id, details: { sessionId: tokens.sessionId } });
    await clearFailures(trx, throttle.account);
    return { ok: true, tokens };
  });
  if (outcome.ok) return outcome.tokens;
  if (outcome.throttle) await recordFailure(db, config.auth.loginThrottle, outcome.throttle.all);
  throw outcome.error;
}
