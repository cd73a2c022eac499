import { type Knex } from 'knex';
import { fn } from 'objection';
import { type Role } from '../authz/actor.js';
import { Tenant } from '../registry/tenant/tenant-model.js';
import { User } from '../registry/users/user-model.js';
import { type SessionUser } from './sessions.js';

/**
 * A user as authentication needs it: the only place password hashes and TOTP seeds are read. The
 * `User` model keeps them out of every record it formats, so they are copied here by name.
 */
export interface Credentials {
  id: string;
  tenantId: string;
  email: string;
  role: Role;
  passwordHash: string | null;
  practitionerId: string | null;
  patientId: string | null;
  mfaSecretEncrypted: string | null;
  mfaEnabled: boolean;
  /** The last TOTP time step accepted (bigint, read as a string), so a code works once. */
  mfaLastUsedStep: string | null;
  disabledAt: string | null;
}

const COLUMNS = ['id', 'tenant_id', 'email', 'role', 'password_hash', 'practitioner_id', 'patient_id', 'mfa_secret_encrypted', 'mfa_enabled', 'mfa_last_used_step', 'disabled_at'];

const toCredentials = (u: User): Credentials => ({
  id: u.id,
  tenantId: u.tenantId,
  email: u.email,
  role: u.role as Role,
  passwordHash: u.passwordHash,
  practitionerId: u.practitionerId,
  patientId: u.patientId,
  mfaSecretEncrypted: u.mfaSecretEncrypted,
  mfaEnabled: u.mfaEnabled,
  mfaLastUsedStep: u.mfaLastUsedStep,
  disabledAt: u.disabledAt,
});

export interface TenantSummary {
  id: string;
  slug: string;
  settings: unknown;
}

/** Tenants are readable without a tenant scope (they hold no PHI); login starts from the slug. */
export async function findTenantBySlug(db: Knex, slug: string): Promise<TenantSummary | undefined> {
  const tenant = await Tenant.query(db).select('id', 'slug', 'settings').findOne({ slug: slug.toLowerCase() });
  return tenant?.toRecord<TenantSummary>();
}

export async function findTenantById(db: Knex | Knex.Transaction, id: string): Promise<TenantSummary | undefined> {
  const tenant = await Tenant.query(db).select('id', 'slug', 'settings').findById(id);
  return tenant?.toRecord<TenantSummary>();
}

export async function findActiveUserByEmail(trx: Knex.Transaction, email: string): Promise<Credentials | undefined> {
  const user = await User.query(trx).select(COLUMNS).whereRaw('lower(email) = lower(?)', [email.trim()]).whereNull('disabled_at').first();
  return user && toCredentials(user);
}

export async function findActiveUserById(trx: Knex.Transaction, id: string): Promise<Credentials | undefined> {
  const user = await User.query(trx).select(COLUMNS).whereNull('disabled_at').findById(id);
  return user && toCredentials(user);
}

/** Including disabled users (to attribute an event to them). */
export async function findUserById(trx: Knex.Transaction, id: string): Promise<Credentials | undefined> {
  const user = await User.query(trx).select(COLUMNS).findById(id);
  return user && toCredentials(user);
}

/** After a successful sign-in: when it happened, and an upgraded hash when the parameters were raised. */
export async function recordSignIn(trx: Knex.Transaction, userId: string, upgradedPasswordHash?: string): Promise<void> {
  await User.query(trx)
    .patch({ lastLoginAt: fn.now(), ...(upgradedPasswordHash ? { passwordHash: upgradedPasswordHash } : {}) })
    .where('id', userId);
}

export async function setPasswordHash(trx: Knex.Transaction, userId: string, passwordHash: string): Promise<void> {
  await User.query(trx).patch({ passwordHash, updatedAt: fn.now() }).where('id', userId);
}

/** Stores a new (not yet verified) TOTP secret; the user's codes start afresh. */
export async function setPendingMfaSecret(trx: Knex.Transaction, userId: string, mfaSecretEncrypted: string): Promise<void> {
  await User.query(trx).patch({ mfaSecretEncrypted, mfaLastUsedStep: null, updatedAt: fn.now() }).where('id', userId);
}

export async function enableMfa(trx: Knex.Transaction, userId: string): Promise<void> {
  await User.query(trx).patch({ mfaEnabled: true, updatedAt: fn.now() }).where('id', userId);
}

/**
 * Records `step` as the last TOTP step used, only if it is later than the one recorded: true when
 * this call moved it (the code is fresh), false when a concurrent or earlier use got there first.
 */
export async function advanceMfaStep(trx: Knex.Transaction, userId: string, step: number): Promise<boolean> {
  const updated = await User.query(trx)
    .patch({ mfaLastUsedStep: String(step) })
    .where('id', userId)
    .andWhere((q) => q.whereNull('mfa_last_used_step').orWhere('mfa_last_used_step', '<', step));
  return updated === 1;
}

export function toSessionUser(user: Credentials): SessionUser {
  return { id: user.id, tenantId: user.tenantId, role: user.role, practitionerId: user.practitionerId, patientId: user.patientId };
}
