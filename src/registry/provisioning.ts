import { type Knex } from 'knex';
import { openSecret, sealSecret } from '../auth/secret-box.js';
import { type UserRole, systemActor } from '../authz/actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { type Config } from '../config/config.js';

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
  const existing = await trx('users')
    .whereRaw('lower(email) = lower(?)', [spec.email])
    .first<{ id: string; mfa_secret_encrypted: string | null; mfa_enabled: boolean } | undefined>('id', 'mfa_secret_encrypted', 'mfa_enabled');
  const fields = {
    display_name: spec.displayName,
    role: spec.role,
    password_hash: spec.passwordHash,
    practitioner_id: spec.practitionerId ?? null,
    patient_id: spec.patientId ?? null,
    disabled_at: null,
  };
  let id: string;
  if (existing) {
    id = existing.id;
    await trx('users').where({ id }).update({ ...fields, updated_at: trx.fn.now() });
  } else {
    const [row] = await trx('users').insert({ ...fields, tenant_id: tenantId, email: spec.email }).returning<{ id: string }[]>('id');
    id = row!.id;
    await recordAudit(trx, systemActor(tenantId, 'provisioning'), {
      action: 'privilege-change',
      entityType: 'User',
      entityId: id,
      patientId: spec.patientId ?? null,
      details: { change: 'user-created', role: spec.role },
    });
  }
  if (existing?.mfa_enabled && existing.mfa_secret_encrypted) {
    return { id, totpSecret: openSecret(config.auth.mfaEncryptionKey, existing.mfa_secret_encrypted, id) };
  }
  if (spec.totpSecret) {
    await trx('users')
      .where({ id })
      .update({ mfa_secret_encrypted: sealSecret(config.auth.mfaEncryptionKey, spec.totpSecret, id), mfa_enabled: true, mfa_last_used_step: null });
    return { id, totpSecret: spec.totpSecret };
  }
  return { id };
}
