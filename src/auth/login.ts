import { type Knex } from 'knex';
import { type Config } from '../config/config.js';
import { type Actor } from '../authz/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../db/tenant-scope.js';
import { ENROLLMENT_TOKEN_TTL_SECONDS, signAccessToken } from './access-tokens.js';
import { invalidCredentials, loginLocked, mfaCodeRequired } from './auth-errors.js';
import { type Credentials, findActiveUserByEmail, findTenantBySlug, recordSignIn, toSessionUser } from './credentials-repository.js';
import { clearFailures, recordFailure, secondsLocked, throttleKeys } from './login-throttle.js';
import { burnVerification, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { consumeTotp } from './second-factor.js';
import { type ClientInfo, openSession, type SessionTokens } from './sessions.js';
import { authPolicyOf } from './tenant-auth-policy.js';

export interface LoginInput extends ClientInfo {
  tenant: string;
  email: string;
  password: string;
  totp?: string;
}

export type LoginResult =
  | { kind: 'session'; tokens: SessionTokens; user: { id: string; role: string; tenantId: string } }
  /** Password was right but the role needs MFA and none is enrolled: a token good for enrolment only. */
  | { kind: 'mfa-enrollment-required'; accessToken: string; expiresIn: number; user: { id: string; role: string; tenantId: string } };

type Attempt =
  | { ok: true; result: LoginResult }
  | { ok: false; error: Error; countsAsFailure: boolean };

const userActor = (user: Credentials): Actor => ({
  type: 'user',
  id: user.id,
  tenantId: user.tenantId,
  role: user.role,
  mfa: false,
});

/**
 * Password (argon2id) then, where the tenant's policy or the user's enrolment asks for it, a TOTP
 * code. Every failure looks the same to the caller and counts against the account and the client
 * IP; reaching the limit locks both for a while (429 with Retry-After). Attempts on real accounts
 * are audited.
 */
export async function login(db: Knex, config: Config, input: LoginInput): Promise<LoginResult> {
  const limits = config.auth.loginThrottle;
  const keys = throttleKeys(limits, input.tenant, input.email, input.ip);
  const lockedFor = await secondsLocked(db, keys.all);
  if (lockedFor !== undefined) throw loginLocked(lockedFor);

  const tenant = await findTenantBySlug(db, input.tenant);
  let attempt: Attempt;
  if (!tenant) {
    await burnVerification(input.password);
    attempt = { ok: false, error: invalidCredentials(), countsAsFailure: true };
  } else {
    attempt = await withTenant(db, tenant.id, async (trx) => {
      const user = await findActiveUserByEmail(trx, input.email);
      if (!(await verifyPassword(user?.passwordHash, input.password)) || !user) {
        if (user) await recordAudit(trx, userActor(user), { action: 'login', entityType: 'User', entityId: user.id, outcome: 'denied', reason: 'bad-password' });
        return { ok: false, error: invalidCredentials(), countsAsFailure: true };
      }
      const policy = authPolicyOf(tenant.settings);
      let amr = ['pwd'];
      if (user.mfaEnabled) {
        if (!input.totp) return { ok: false, error: mfaCodeRequired(), countsAsFailure: false };
        if (!(await consumeTotp(trx, config, user, input.totp))) {
          await recordAudit(trx, userActor(user), { action: 'login', entityType: 'User', entityId: user.id, outcome: 'denied', reason: 'bad-totp' });
          return { ok: false, error: invalidCredentials(), countsAsFailure: true };
        }
        amr = ['pwd', 'otp'];
      }
      const summary = { id: user.id, role: user.role, tenantId: user.tenantId };
      if (!user.mfaEnabled && policy.mfaRequiredRoles.includes(user.role)) {
        const accessToken = await signAccessToken(
          config.auth.jwtSigningKey,
          { sub: user.id, tid: user.tenantId, role: user.role, amr, scope: 'mfa-enrollment' },
          ENROLLMENT_TOKEN_TTL_SECONDS,
        );
        await recordAudit(trx, userActor(user), { action: 'login', entityType: 'User', entityId: user.id, reason: 'mfa-enrollment-required' });
        return { ok: true, result: { kind: 'mfa-enrollment-required', accessToken, expiresIn: ENROLLMENT_TOKEN_TTL_SECONDS, user: summary } };
      }
      const upgraded = user.passwordHash && needsRehash(user.passwordHash) ? await hashPassword(input.password) : undefined;
      await recordSignIn(trx, user.id, upgraded);
      const tokens = await openSession(trx, config, toSessionUser(user), amr, input);
      await recordAudit(trx, { ...userActor(user), sessionId: tokens.sessionId }, {
        action: 'login',
        entityType: 'User',
        entityId: user.id,
        details: { sessionId: tokens.sessionId, amr },
      });
      return { ok: true, result: { kind: 'session', tokens, user: summary } };
    });
  }

  if (attempt.ok) {
    await clearFailures(db, keys.account);
    return attempt.result;
  }
  if (attempt.countsAsFailure) await recordFailure(db, limits, keys.all);
  throw attempt.error;
}
