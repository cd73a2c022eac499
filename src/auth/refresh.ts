import { type Knex } from 'knex';
import { type Config } from '../config/config.js';
import { type Actor } from '../authz/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { withTenant } from '../db/tenant-scope.js';
import { invalidRefreshToken, sessionIdle } from './auth-errors.js';
import { findTenantById, findUserById, toSessionUser } from './credentials-repository.js';
import { digestToken, tenantOfOpaqueToken } from './opaque-tokens.js';
import { type ClientInfo, issueSessionTokens, revokeSession, type SessionTokens } from './sessions.js';
import { authPolicyOf } from './tenant-auth-policy.js';

interface RefreshRow {
  id: string;
  user_id: string;
  family_id: string;
  used_at: Date | null;
  revoked_at: Date | null;
  expired: boolean;
  idle_seconds: number;
  amr: string[];
}

type Outcome = { ok: true; tokens: SessionTokens } | { ok: false; error: Error };

/**
 * Rotates a refresh token: the presented one is spent and a new one of the same family returned.
 * A spent token presented again means it was copied, so the whole family (session) is revoked.
 * A session idle beyond the tenant's limit is ended instead (automatic logoff).
 * Revocations commit even though the caller gets a 401.
 */
export async function refreshSession(db: Knex, config: Config, refreshToken: string, client: ClientInfo): Promise<SessionTokens> {
  const tenantId = tenantOfOpaqueToken('scxr', refreshToken);
  if (!tenantId) throw invalidRefreshToken();
  const outcome = await withTenant(db, tenantId, async (trx): Promise<Outcome> => {
    const row = await trx('refresh_tokens')
      .where({ token_hash: digestToken(refreshToken) })
      .forUpdate()
      .first<RefreshRow | undefined>(
        'id',
        'user_id',
        'family_id',
        'used_at',
        'revoked_at',
        'amr',
        trx.raw('expires_at <= now() as expired'),
        trx.raw('extract(epoch from now() - session_last_activity_at)::float8 as idle_seconds'),
      );
    if (!row || row.revoked_at || row.expired) return { ok: false, error: invalidRefreshToken() };
    const user = await findUserById(trx, row.user_id);
    if (!user) return { ok: false, error: invalidRefreshToken() };
    const actor: Actor = { type: 'user', id: user.id, tenantId, role: user.role, mfa: row.amr.includes('otp'), sessionId: row.family_id };
    if (row.used_at) {
      await revokeSession(trx, row.family_id);
      await recordAudit(trx, actor, { action: 'refresh', entityType: 'Session', entityId: row.family_id, outcome: 'denied', reason: 'refresh-token-reuse' });
      return { ok: false, error: invalidRefreshToken() };
    }
    if (user.disabledAt) {
      await revokeSession(trx, row.family_id);
      return { ok: false, error: invalidRefreshToken() };
    }
    const tenant = await findTenantById(trx, tenantId);
    if (row.idle_seconds > authPolicyOf(tenant?.settings).idleTimeoutSeconds) {
      await revokeSession(trx, row.family_id);
      await recordAudit(trx, actor, { action: 'logoff', entityType: 'Session', entityId: row.family_id, reason: 'idle-timeout' });
      return { ok: false, error: sessionIdle() };
    }
    await trx('refresh_tokens').where({ id: row.id }).update({ used_at: trx.fn.now() });
    const tokens = await issueSessionTokens(trx, config, toSessionUser(user), { id: row.family_id, amr: row.amr }, client);
    return { ok: true, tokens };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.tokens;
}
