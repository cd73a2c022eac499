import { type Knex } from 'knex';
import { type Config } from '../config/config.js';
import { type Actor } from '../authz/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../db/tenant-scope.js';
import { verifyAccessToken } from './access-tokens.js';
import { sessionEnded, sessionIdle } from './auth-errors.js';
import { findTenantById } from './credentials-repository.js';
import { touchSession } from './sessions.js';
import { authPolicyOf } from './tenant-auth-policy.js';

/**
 * Resolves a bearer access token to its actor. Beyond the signature and expiry, the session must
 * still be live: logout, revocation (role change, reuse detection) and idle logoff take effect on
 * the next request, not when the 15-minute token happens to expire.
 */
export async function actorFromAccessToken(db: Knex, config: Config, token: string): Promise<Actor> {
  const claims = await verifyAccessToken(config.auth.jwtSigningKey, token);
  const actor: Actor = {
    type: 'user',
    id: claims.sub,
    tenantId: claims.tid,
    role: claims.role,
    practitionerId: claims.prid,
    patientId: claims.pid,
    sessionId: claims.sid,
    mfa: claims.amr.includes('otp'),
  };
  if (claims.scope === 'mfa-enrollment') return { ...actor, mfaEnrollmentPending: true };
  const sessionId = claims.sid;
  if (!sessionId) throw sessionEnded();
  const state = await withTenant(db, claims.tid, async (trx) => {
    const tenant = await findTenantById(trx, claims.tid);
    const result = await touchSession(trx, sessionId, authPolicyOf(tenant?.settings).idleTimeoutSeconds);
    if (result === 'idle') await recordAudit(trx, actor, { action: 'logoff', entityType: 'Session', entityId: sessionId, reason: 'idle-timeout' });
    return result;
  });
  if (state === 'idle') throw sessionIdle();
  if (state === 'ended') throw sessionEnded();
  return actor;
}
