import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { likePrefix } from '../shared/validators.js';

/** A user without credentials: password hashes and TOTP secrets never leave the auth module. */
export interface UserRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: string;
  practitionerId: string | null;
  patientId: string | null;
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);
const COLUMNS = ['id', 'tenant_id', 'email', 'display_name', 'role', 'practitioner_id', 'patient_id', 'mfa_enabled', 'last_login_at', 'disabled_at', 'created_at', 'updated_at'];

const toRecord = (r: Row): UserRecord => ({
  id: r.id as string,
  tenantId: r.tenant_id as string,
  email: r.email as string,
  displayName: r.display_name as string,
  role: r.role as string,
  practitionerId: (r.practitioner_id as string | null) ?? null,
  patientId: (r.patient_id as string | null) ?? null,
  mfaEnabled: r.mfa_enabled as boolean,
  lastLoginAt: iso(r.last_login_at),
  disabledAt: iso(r.disabled_at),
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
});

export async function searchUsers(scope: AccessScope, filters: { role?: string; q?: string }, page: { limit: number; offset: number }): Promise<UserRecord[]> {
  const query = scope.trx('users').where(accessibleWhere(scope.ability, 'read', 'User'));
  if (filters.role) void query.where('role', filters.role);
  if (filters.q) {
    const term = likePrefix(filters.q.toLowerCase());
    void query.where((w) => w.whereRaw('lower(display_name) like ?', [term]).orWhereRaw('lower(email) like ?', [term]));
  }
  const rows = await query.orderBy(['display_name', 'id']).limit(page.limit + 1).offset(page.offset).select<Row[]>(COLUMNS);
  return rows.map(toRecord);
}

export async function findUser(scope: AccessScope, id: string): Promise<UserRecord | undefined> {
  const row = await scope.trx('users').where(accessibleWhere(scope.ability, 'read', 'User')).andWhere({ id }).first<Row | undefined>(COLUMNS);
  return row ? toRecord(row) : undefined;
}

export async function insertUser(trx: Knex.Transaction, tenantId: string, columns: Row): Promise<UserRecord> {
  const [row] = await trx('users').insert({ ...columns, tenant_id: tenantId }).returning<Row[]>(COLUMNS);
  return toRecord(row!);
}

export async function updateUserColumns(trx: Knex.Transaction, id: string, columns: Row): Promise<UserRecord> {
  const [row] = await trx('users').where({ id }).update({ ...columns, updated_at: trx.fn.now() }).returning<Row[]>(COLUMNS);
  return toRecord(row!);
}
