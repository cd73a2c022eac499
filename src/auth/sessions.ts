import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { type Config } from '../config/config.js';
import { type Role } from '../authz/actor.js';
import { signAccessToken } from './access-tokens.js';
import { digestToken, mintOpaqueToken } from './opaque-tokens.js';

/** The user facts a session's tokens carry. */
export interface SessionUser {
  id: string;
  tenantId: string;
  role: Role;
  practitionerId: string | null;
  patientId: string | null;
}

export interface SessionTokens {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  sessionId: string;
}

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export async function signSessionAccessToken(config: Config, user: SessionUser, sessionId: string, amr: string[]): Promise<string> {
  return signAccessToken(
    config.auth.jwtSigningKey,
    {
      sub: user.id,
      tid: user.tenantId,
      role: user.role,
      sid: sessionId,
      amr,
      ...(user.practitionerId ? { prid: user.practitionerId } : {}),
      ...(user.patientId ? { pid: user.patientId } : {}),
    },
    config.auth.accessTokenTtlSeconds,
  );
}

/** Stores a new refresh token of the family (session) and returns it with a fresh access token. */
export async function issueSessionTokens(
  trx: Knex.Transaction,
  config: Config,
  user: SessionUser,
  session: { id: string; amr: string[] },
  client: ClientInfo,
): Promise<SessionTokens> {
  const refreshToken = mintOpaqueToken('scxr', user.tenantId);
  await trx('refresh_tokens').insert({
    tenant_id: user.tenantId,
    user_id: user.id,
    family_id: session.id,
    token_hash: digestToken(refreshToken),
    expires_at: new Date(Date.now() + config.auth.refreshTokenTtlSeconds * 1000),
    session_last_activity_at: trx.fn.now(),
    amr: session.amr,
    ip: client.ip ?? null,
    user_agent: client.userAgent?.slice(0, 512) ?? null,
  });
  const accessToken = await signSessionAccessToken(config, user, session.id, session.amr);
  return { tokenType: 'Bearer', accessToken, expiresIn: config.auth.accessTokenTtlSeconds, refreshToken, sessionId: session.id };
}

/** Opens a session (a new refresh-token family) after a successful login. */
export function openSession(trx: Knex.Transaction, config: Config, user: SessionUser, amr: string[], client: ClientInfo): Promise<SessionTokens> {
  return issueSessionTokens(trx, config, user, { id: randomUUID(), amr }, client);
}

/** Ends a session: none of its refresh tokens works again, and its access tokens stop at the next request. */
export async function revokeSession(trx: Knex.Transaction, sessionId: string): Promise<void> {
  await trx('refresh_tokens').where({ family_id: sessionId }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
}

/** Ends every session of a user (role change, MFA reset, account disabled), or every other one (own password change). */
export async function revokeUserSessions(trx: Knex.Transaction, userId: string, options: { except?: string | undefined } = {}): Promise<void> {
  const query = trx('refresh_tokens').where({ user_id: userId }).whereNull('revoked_at');
  if (options.except) void query.whereNot({ family_id: options.except });
  await query.update({ revoked_at: trx.fn.now() });
}

export type SessionState = 'active' | 'ended' | 'idle';

/**
 * Checks a session on each authenticated request and records the activity. A session idle longer
 * than the tenant's limit is ended here (automatic logoff, ONC (d)(5)), so neither its access
 * token nor its refresh token works again.
 */
export async function touchSession(trx: Knex.Transaction, sessionId: string, idleTimeoutSeconds: number): Promise<SessionState> {
  const live = await trx('refresh_tokens')
    .where({ family_id: sessionId })
    .whereNull('used_at')
    .whereNull('revoked_at')
    .andWhere('expires_at', '>', trx.fn.now())
    .first<{ id: string; idle: boolean; stale: boolean } | undefined>(
      'id',
      trx.raw('session_last_activity_at < now() - make_interval(secs => ?) as idle', [idleTimeoutSeconds]),
      // Record activity at most every few seconds (a quarter of the limit for short limits), not on every request.
      trx.raw('session_last_activity_at < now() - make_interval(secs => least(5, ? / 4.0)) as stale', [idleTimeoutSeconds]),
    );
  if (!live) return 'ended';
  if (live.idle) {
    await revokeSession(trx, sessionId);
    return 'idle';
  }
  if (live.stale) await trx('refresh_tokens').where({ id: live.id }).update({ session_last_activity_at: trx.fn.now() });
  return 'active';
}
