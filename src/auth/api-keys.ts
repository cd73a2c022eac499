import { accessibleWhere } from '../authz/accessible-where.js';
import { assertCan, notVisible } from '../authz/assert-can.js';
import { type AccessScope } from '../authz/request-scope.js';
import { recordAudit } from '../audit/record-audit.js';
import { digestToken, mintOpaqueToken } from './opaque-tokens.js';

export interface ApiKeyRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  name: string;
  role: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);
const toRecord = (r: Row): ApiKeyRecord => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  name: r.name as string,
  role: r.role as string,
  createdBy: (r.created_by as string | null) ?? null,
  createdAt: iso(r.created_at)!,
  lastUsedAt: iso(r.last_used_at),
  revokedAt: iso(r.revoked_at),
});
const COLUMNS = ['id', 'tenant_id', 'name', 'role', 'created_by', 'created_at', 'last_used_at', 'revoked_at'];

export async function listApiKeys(scope: AccessScope): Promise<ApiKeyRecord[]> {
  const rows = await scope.trx('api_keys').where(accessibleWhere(scope.ability, 'read', 'ApiKey')).orderBy([{ column: 'created_at', order: 'desc' }]).select<Row[]>(COLUMNS);
  return rows.map(toRecord);
}

/**
 * Issues a service-account key (lab or pharmacy system). The key is returned once and only its
 * SHA-256 digest is stored. Granting a key grants a role, so it is audited as a privilege change.
 */
export async function createApiKey(scope: AccessScope, input: { name: string; role: 'integration' }): Promise<ApiKeyRecord & { apiKey: string }> {
  const apiKey = mintOpaqueToken('scxk', scope.actor.tenantId);
  const [row] = await scope
    .trx('api_keys')
    .insert({ tenant_id: scope.actor.tenantId, name: input.name, role: input.role, key_hash: digestToken(apiKey), created_by: scope.actor.id })
    .returning<Row[]>(COLUMNS);
  const record = toRecord(row!);
  await recordAudit(scope.trx, scope.actor, { action: 'privilege-change', entityType: 'ApiKey', entityId: record.id, details: { change: 'api-key-issued', role: input.role } });
  return { ...record, apiKey };
}

/** Revocation is immediate (the next request with the key gets 401); the row stays for the audit trail. */
export async function revokeApiKey(scope: AccessScope, id: string): Promise<void> {
  const row = await scope.trx('api_keys').where(accessibleWhere(scope.ability, 'read', 'ApiKey')).andWhere({ id }).first<Row | undefined>(COLUMNS);
  if (!row) throw notVisible('delete', 'ApiKey', id);
  const record = toRecord(row);
  assertCan(scope.ability, 'delete', 'ApiKey', record);
  if (record.revokedAt) return;
  await scope.trx('api_keys').where({ id }).update({ revoked_at: scope.trx.fn.now() });
  await recordAudit(scope.trx, scope.actor, { action: 'privilege-change', entityType: 'ApiKey', entityId: id, details: { change: 'api-key-revoked' } });
}
