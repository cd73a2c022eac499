import { type Knex } from 'knex';
import { type Role } from '../authz/actor.js';
import { type SessionUser } from './sessions.js';

/** A user row as authentication needs it (the only place password hashes and TOTP seeds are read). */
export interface CredentialRow {
  id: string;
  tenant_id: string;
  email: string;
  role: Role;
  password_hash: string | null;
  practitioner_id: string | null;
  patient_id: string | null;
  mfa_secret_encrypted: string | null;
  mfa_enabled: boolean;
  mfa_last_used_step: string | null;
  disabled_at: Date | null;
}

const COLUMNS = [
  'id',
  'tenant_id',
  'email',
  'role',
  'password_hash',
  'practitioner_id',
  'patient_id',
  'mfa_secret_encrypted',
  'mfa_enabled',
  'mfa_last_used_step',
  'disabled_at',
];

export interface TenantRow {
  id: string;
  slug: string;
  settings: unknown;
}

/** Tenants are readable without a tenant scope (they hold no PHI); login starts from the slug. */
export function findTenantBySlug(db: Knex, slug: string): Promise<TenantRow | undefined> {
  return db('tenants').where({ slug: slug.toLowerCase() }).first<TenantRow | undefined>('id', 'slug', 'settings');
}

export function findTenantById(db: Knex | Knex.Transaction, id: string): Promise<TenantRow | undefined> {
  return db('tenants').where({ id }).first<TenantRow | undefined>('id', 'slug', 'settings');
}

export function findActiveUserByEmail(trx: Knex.Transaction, email: string): Promise<CredentialRow | undefined> {
  return trx('users')
    .whereRaw('lower(email) = lower(?)', [email.trim()])
    .whereNull('disabled_at')
    .first<CredentialRow | undefined>(COLUMNS);
}

export function findActiveUserById(trx: Knex.Transaction, id: string): Promise<CredentialRow | undefined> {
  return trx('users').where({ id }).whereNull('disabled_at').first<CredentialRow | undefined>(COLUMNS);
}

/** Including disabled users (to attribute an event to them). */
export function findUserById(trx: Knex.Transaction, id: string): Promise<CredentialRow | undefined> {
  return trx('users').where({ id }).first<CredentialRow | undefined>(COLUMNS);
}

export function toSessionUser(row: CredentialRow): SessionUser {
  return { id: row.id, tenantId: row.tenant_id, role: row.role, practitionerId: row.practitioner_id, patientId: row.patient_id };
}
