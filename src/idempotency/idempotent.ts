import { createHash } from 'node:crypto';
import { type Knex } from 'knex';
import { AppError, conflict } from '../errors/app-error.js';
import { withTenant } from '../db/tenant-scope.js';

export interface IdempotentResult<T> {
  status: number;
  body: T;
  /** True when this answer is the stored one of an earlier request with the same key. */
  replayed: boolean;
}

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** Canonical JSON (sorted keys), so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function validateIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new AppError(400, 'invalid-idempotency-key', 'Invalid Idempotency-Key', 'Idempotency-Key must be 8–128 characters of letters, digits, . _ : -');
  }
  return key;
}

/**
 * Runs `operation` at most once per (tenant, scope, key). The key is claimed in its own committed
 * transaction first, so a concurrent duplicate sees it and gets 409 instead of running twice; a
 * completed one gets the stored response; a failed one releases the key so the client may retry.
 * Without a key the operation simply runs.
 */
export async function idempotent<T>(
  db: Knex,
  claim: { tenantId: string; actorId: string; scope: string; key: string | undefined; request: unknown },
  operation: () => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  const key = validateIdempotencyKey(claim.key);
  if (!key) return { ...(await operation()), replayed: false };
  const requestHash = createHash('sha256').update(canonical(claim.request)).digest('hex');
  const where = { tenant_id: claim.tenantId, scope: claim.scope, key };

  const existing = await withTenant(db, claim.tenantId, async (trx) => {
    const inserted = await trx('idempotency_keys')
      .insert({ ...where, actor_id: claim.actorId, request_hash: requestHash })
      .onConflict(['tenant_id', 'scope', 'key'])
      .ignore()
      .returning('key');
    if (inserted.length > 0) return undefined;
    return trx('idempotency_keys').where(where).first<{ request_hash: string; state: string; response_status: number; response_body: T }>();
  });

  if (existing) {
    if (existing.request_hash !== requestHash) {
      throw new AppError(422, 'idempotency-key-reused', 'Idempotency-Key reused', 'This Idempotency-Key was already used with a different request.');
    }
    if (existing.state !== 'completed') throw conflict('A request with this Idempotency-Key is still in progress.');
    return { status: existing.response_status, body: existing.response_body, replayed: true };
  }

  try {
    const result = await operation();
    await withTenant(db, claim.tenantId, (trx) =>
      trx('idempotency_keys')
        .where(where)
        .update({ state: 'completed', response_status: result.status, response_body: JSON.stringify(result.body), completed_at: trx.fn.now() }),
    );
    return { ...result, replayed: false };
  } catch (err) {
    await withTenant(db, claim.tenantId, (trx) => trx('idempotency_keys').where(where).delete());
    throw err;
  }
}
