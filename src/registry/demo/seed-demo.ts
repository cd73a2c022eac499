import { createHmac } from 'node:crypto';
import { type Knex } from 'knex';
import { digestToken } from '../../auth/opaque-tokens.js';
import { hashPassword } from '../../auth/passwords.js';
import { BASELINE_MFA_ROLES } from '../../auth/tenant-auth-policy.js';
import { generateTotpSecret } from '../../auth/totp.js';
import { type UserRole } from '../../authz/actor.js';
import { type Config } from '../../config/config.js';
import { loadConfig } from '../../config/load.js';
import { withTenant } from '../../db/tenant-scope.js';
import { demoSenderNumber, seedSenderNumber } from '../../messaging/inbound/sender-numbers.js';
import { applyConsentChange } from '../patients/consent.js';
import { ensureTenant, ensureUser } from '../provisioning.js';
import { DEMO_TENANTS, type DemoPatient, type DemoPractitioner, type DemoTenant } from './demo-tenants.js';

export const DEFAULT_DEMO_PASSWORD = 'smartclinix-demo';

export interface DemoLogin {
  role: UserRole;
  email: string;
  displayName: string;
  /** For users whose role needs MFA: the base32 TOTP secret to add to an authenticator. */
  totpSecret?: string;
}

export interface DemoSeedResult {
  password: string;
  tenants: { tenantId: string; slug: string; name: string; logins: DemoLogin[]; labApiKey?: string; senderNumber?: string }[];
}

/**
 * The demo lab system's key is derived from the development JWT secret, so every run of the seed
 * prints the same key without the database ever holding it in clear.
 */
function demoLabApiKey(config: Config, tenantId: string): string {
  const secret = createHmac('sha256', config.auth.jwtSigningKey).update(`demo-lab-integration:${tenantId}`).digest('hex');
  return `scxk_${tenantId.replace(/-/g, '')}_${secret}`;
}

async function ensurePractitioner(trx: Knex.Transaction, tenantId: string, p: DemoPractitioner, supervisorId: string | null): Promise<string> {
  const columns = {
    given_name: p.givenName,
    family_name: p.familyName,
    title: p.title ?? null,
    kind: p.kind,
    specialty: p.specialty ?? null,
    npi: p.npi ?? null,
    dea_number: p.deaNumber ?? null,
    can_prescribe: p.canPrescribe,
    supervising_practitioner_id: supervisorId,
  };
  const existing = await trx('practitioners')
    .where(p.npi ? { npi: p.npi } : { given_name: p.givenName, family_name: p.familyName, kind: p.kind })
    .first<{ id: string } | undefined>('id');
  if (existing) {
    await trx('practitioners').where({ id: existing.id }).update({ ...columns, updated_at: trx.fn.now() });
    return existing.id;
  }
  const [row] = await trx('practitioners').insert({ ...columns, tenant_id: tenantId }).returning<{ id: string }[]>('id');
  return row!.id;
}

async function ensurePatient(trx: Knex.Transaction, tenantId: string, p: DemoPatient): Promise<string> {
  const existing = await trx('patients').where({ mrn: p.mrn }).first<{ id: string } | undefined>('id');
  if (existing) return existing.id;
  const [row] = await trx('patients')
    .insert({
      tenant_id: tenantId,
      mrn: p.mrn,
      given_name: p.givenName,
      family_name: p.familyName,
      birth_date: p.birthDate,
      sex: p.sex,
      mobile_e164: p.mobileE164 ?? null,
      email: p.email ?? null,
      preferred_channel: p.preferredChannel,
      language: p.language,
      responsible_party_name: p.responsibleParty?.name ?? null,
      responsible_party_relationship: p.responsibleParty?.relationship ?? null,
      responsible_party_mobile_e164: p.responsibleParty?.mobileE164 ?? null,
      responsible_party_email: p.responsibleParty?.email ?? null,
    })
    .returning<{ id: string }[]>('id');
  if (p.smsConsent) await applyConsentChange(trx, tenantId, row!.id, { channel: 'sms', ...p.smsConsent });
  if (p.emailConsent) await applyConsentChange(trx, tenantId, row!.id, { channel: 'email', ...p.emailConsent });
  return row!.id;
}

async function seedTenant(ownerDb: Knex, config: Config, passwordHash: string, demo: DemoTenant): Promise<DemoSeedResult['tenants'][number]> {
  const tenant = await ensureTenant(ownerDb, { slug: demo.slug, name: demo.name, timezone: demo.timezone });
  return withTenant(ownerDb, tenant.id, async (trx) => {
    const practitioners = new Map<string, string>();
    // Supervisors first, so residents can point at them.
    for (const p of [...demo.practitioners].sort((a, b) => Number(!!a.supervisorKey) - Number(!!b.supervisorKey))) {
      practitioners.set(p.key, await ensurePractitioner(trx, tenant.id, p, p.supervisorKey ? practitioners.get(p.supervisorKey)! : null));
    }
    const patients = new Map<string, string>();
    for (const p of demo.patients) patients.set(p.key, await ensurePatient(trx, tenant.id, p));

    const logins: DemoLogin[] = [];
    const users = new Map<string, string>();
    for (const u of demo.users) {
      const { id, totpSecret } = await ensureUser(trx, config, tenant.id, {
        email: u.email,
        displayName: u.displayName,
        role: u.role,
        passwordHash,
        practitionerId: u.practitionerKey ? practitioners.get(u.practitionerKey)! : null,
        patientId: u.patientKey ? patients.get(u.patientKey)! : null,
        ...(BASELINE_MFA_ROLES.includes(u.role) ? { totpSecret: generateTotpSecret() } : {}),
      });
      users.set(u.email, id);
      logins.push({ role: u.role, email: u.email, displayName: u.displayName, ...(totpSecret ? { totpSecret } : {}) });
    }

    for (const d of demo.departments) {
      const [dept] = await trx('departments')
        .insert({ tenant_id: tenant.id, name: d.name, specialty: d.specialty, lead_practitioner_id: practitioners.get(d.leadKey), on_call_practitioner_id: practitioners.get(d.onCallKey) })
        .onConflict(['tenant_id', 'name'])
        .merge(['specialty', 'lead_practitioner_id', 'on_call_practitioner_id'])
        .returning<{ id: string }[]>('id');
      for (const email of d.memberEmails) {
        await trx('department_members').insert({ tenant_id: tenant.id, department_id: dept!.id, user_id: users.get(email) }).onConflict(['department_id', 'user_id']).ignore();
      }
    }

    for (const c of demo.coverage) {
      const practitionerId = practitioners.get(c.practitionerKey)!;
      const current = await trx('coverage').where({ practitioner_id: practitionerId, reason: c.reason }).andWhere('ends_at', '>', trx.fn.now()).first<{ id: string } | undefined>('id');
      if (current) continue;
      const startsAt = new Date(Date.now() + c.startsInDays * 86_400_000);
      await trx('coverage').insert({
        tenant_id: tenant.id,
        practitioner_id: practitionerId,
        covering_practitioner_id: practitioners.get(c.coveringKey),
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + c.days * 86_400_000),
        reason: c.reason,
      });
    }

    let labApiKey: string | undefined;
    if (demo.labIntegration) {
      labApiKey = demoLabApiKey(config, tenant.id);
      await trx('api_keys')
        .insert({ tenant_id: tenant.id, name: 'Demo lab integration', role: 'integration', key_hash: digestToken(labApiKey), created_by: users.get(demo.users[0]!.email) })
        .onConflict('key_hash')
        .ignore();
    }
    return { tenantId: tenant.id, slug: demo.slug, name: demo.name, logins, ...(labApiKey ? { labApiKey } : {}) };
  });
}

/**
 * Seeds the demo tenants (idempotent: a second run changes nothing but the password, which follows
 * DEMO_PASSWORD). Runs with the owner connection, because only the owner may create tenants.
 * Refuses to run in production: the demo logins share a published password.
 */
export async function seedDemo(ownerDb: Knex, options: { config?: Config; password?: string } = {}): Promise<DemoSeedResult> {
  const config = options.config ?? loadConfig();
  if (config.env === 'production') throw new Error('The demo seed does not run in production');
  const password = options.password ?? process.env.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
  const passwordHash = await hashPassword(password);
  const tenants = [];
  for (const [index, demo] of DEMO_TENANTS.entries()) {
    const seeded = await seedTenant(ownerDb, config, passwordHash, demo);
    // Each demo clinic texts from its own number; inbound replies find their tenant by it.
    const senderNumber = demoSenderNumber(index);
    await seedSenderNumber(ownerDb, seeded.tenantId, senderNumber);
    tenants.push({ ...seeded, senderNumber });
  }
  return { password, tenants };
}
