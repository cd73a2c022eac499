import { type Knex } from 'knex';
import { type Actor, isRole } from '../authz/actor.js';
import { withTenant } from '../db/tenant-scope.js';
import { AppError } from '../errors/app-error.js';
import { digestToken, tenantOfOpaqueToken } from './opaque-tokens.js';

const invalidApiKey = () => new AppError(401, 'invalid-api-key', 'Unauthorized', 'The API key is not valid.');

/**
 * Resolves an `X-API-Key` to its service-account actor. The key names its tenant, so the lookup
 * runs under that tenant's row-level security like every other query; a key presented with another
 * tenant's ID simply is not found. Revoked keys are refused.
 */
export async function actorFromApiKey(db: Knex, apiKey: string): Promise<Actor> {
  const tenantId = tenantOfOpaqueToken('scxk', apiKey);
  if (!tenantId) throw invalidApiKey();
  const key = await withTenant(db, tenantId, async (trx) => {
    const row = await trx('api_keys')
      .where({ key_hash: digestToken(apiKey) })
      .whereNull('revoked_at')
      .first<{ id: string; role: string } | undefined>('id', 'role');
    if (row) {
      // Coarse last-use stamp: at most one write a minute per key.
      await trx('api_keys')
        .where({ id: row.id })
        .andWhere((q) => q.whereNull('last_used_at').orWhere('last_used_at', '<', trx.raw("now() - interval '1 minute'")))
        .update({ last_used_at: trx.fn.now() });
    }
    return row;
  });
  if (!key || !isRole(key.role)) throw invalidApiKey();
  return { type: 'service', id: key.id, tenantId, role: key.role, mfa: false };
}
