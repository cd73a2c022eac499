import { type Knex } from 'knex';
import { fn } from 'objection';
import { openSecret, sealSecret } from '../auth/secret-box.js';
import { type UserRole, systemActor } from '../authz/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { type Config } from '../config/config.js';
import { User } from './users/user-model.js';

/**
 * Idempotent building blocks for setting tenants up outside the API: the demo seed, test
 * factories and onboarding scripts. Tenants are created with the owner connection (the app role
 * may read and update tenants but not create them); everything else runs in a tenant transaction.
 */
export interface TenantSpec {
  slug: string;
  name: string;
  timezone?: string;
  locale?: string;
  settings?: Record<string, unknown>;
}

/**
 * Plain Knex on purpose: the owner connection (no tenant scope exists before the tenant) and an
 * insert-or-merge by slug, which a model would only pass through.
 */
export async function ensureTenant(ownerDb: Knex, spec: TenantSpec): Promise<{ id: string; slug: string }> {
  const [row] = await ownerDb('tenants')
    .insert({
      slug: spec.slug,
      name: spec.name,
      timezone: spec.timezone ?? 'America/New_York',
      locale: spec.locale ?? 'en-US',
      settings: JSON.stringify(spec.settings ?? {}),
    })
    .onConflict('slug')
    .merge(['name', 'timezone', 'locale', 'updated_at'])
    .returning<{ id: string; slug: string }[]>(['id', 'slug']);
  return row!;
}

export interface UserSpec {
  email: string;
  displayName: string;
  role: UserRole;
  passwordHash: string;
  practitionerId?: string | null;
  patientId?: string | null;
  /** Enrol TOTP with this secret when the user has none yet. */
  totpSecret?: string;
}

/**
 * Creates the user, or brings an existing one (same e-mail) in line with the spec. Returns the TOTP
 * secret in force, so a seed run can print it again. New users are recorded in the audit trail.
 */
export async function ensureUser(trx: Knex.Transaction, config: Config, tenantId: string, spec: UserSpec): Promise<{ id: string; totpSecret?: string }> {
  const existing = await User.query(trx).select('id', 'mfa_secret_encrypted', 'mfa_enabled').whereRaw('lower(email) = lower(?)', [spec.email]).first();
  const fields = {
    displayName: spec.displayName,
    role: spec.role,
    passwordHash: spec.passwordHash,
    practitionerId: spec.practitionerId ?? null,
    patientId: spec.patientId ?? null,
    disabledAt: null,
  };
  let id: string;
  if (existing) {
    id = existing.id;
    await User.query(trx).patch({ ...fields, updatedAt: fn.now() }).where('id', id);
  } else {
    id = (await User.query(trx).insert({ ...fields, tenantId, email: spec.email }).returning('id')).id;
    await recordAudit(trx, systemActor(tenantId, 'provisioning'), {
      action: 'privilege-change',
      entityType: 'User',
      entityId: id,
      patientId: spec.patientId ?? null,
      details: { change: 'user-created', role: spec.role },
    });
  }
  if (existing?.mfaEnabled && existing.mfaSecretEncrypted) {
    return { id, totpSecret: openSecret(config.auth.mfaEncryptionKey, existing.mfaSecretEncrypted, id) };
  }
  if (spec.totpSecret) {
    await User.query(trx)
      .patch({ mfaSecretEncrypted: sealSecret(config.auth.mfaEncryptionKey, spec.totpSecret, id), mfaEnabled: true, mfaLastUsedStep: null })
      .where('id', id);
    return { id, totpSecret: spec.totpSecret };
  }
  return { id };
}
