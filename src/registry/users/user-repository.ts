import { type Knex } from 'knex';
import { fn, type PartialModelObject } from 'objection';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { likePrefix } from '../shared/validators.js';
import { User } from './user-model.js';

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

/** User fields to write, credentials included (hashed or sealed by the caller). */
export type UserFields = PartialModelObject<User>;

/** The columns of a `UserRecord`: only these are read, so credentials are not even fetched. */
const RECORD_COLUMNS = ['id', 'tenant_id', 'email', 'display_name', 'role', 'practitioner_id', 'patient_id', 'mfa_enabled', 'last_login_at', 'disabled_at', 'created_at', 'updated_at'];

export async function searchUsers(scope: AccessScope, filters: { role?: string; q?: string }, page: { limit: number; offset: number }): Promise<UserRecord[]> {
  const query = User.query(scope.trx).select(RECORD_COLUMNS).where(accessibleWhere(scope.ability, 'read', 'User'));
  if (filters.role) void query.where('role', filters.role);
  if (filters.q) {
    const term = likePrefix(filters.q.toLowerCase());
    void query.where((w) => w.whereRaw('lower(display_name) like ?', [term]).orWhereRaw('lower(email) like ?', [term]));
  }
  const users = await query.orderBy(['display_name', 'id']).limit(page.limit + 1).offset(page.offset);
  return users.map((u) => u.toRecord<UserRecord>());
}

export async function findUser(scope: AccessScope, id: string): Promise<UserRecord | undefined> {
  const user = await User.query(scope.trx).select(RECORD_COLUMNS).where(accessibleWhere(scope.ability, 'read', 'User')).findById(id);
  return user?.toRecord<UserRecord>();
}

/** The role of a user who may still sign in (not disabled), if there is one. */
export async function findEnabledUserRole(trx: Knex.Transaction, id: string): Promise<string | undefined> {
  const user = await User.query(trx).select('role').whereNull('disabled_at').findById(id);
  return user?.role;
}

export async function insertUser(trx: Knex.Transaction, tenantId: string, fields: UserFields): Promise<UserRecord> {
  const user = await User.query(trx).insert({ ...fields, tenantId }).returning(RECORD_COLUMNS);
  return user.toRecord<UserRecord>();
}

export async function updateUserFields(trx: Knex.Transaction, id: string, fields: UserFields): Promise<UserRecord> {
  const [user] = await User.query(trx).patch({ ...fields, updatedAt: fn.now() }).where('id', id).returning(RECORD_COLUMNS);
  return user!.toRecord<UserRecord>();
}
