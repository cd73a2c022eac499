import { createHmac } from 'node:crypto';
import { type Knex } from 'knex';
import { fn } from 'objection';
import { digestToken } from '../../auth/opaque-tokens.js';
import { hashPassword } from '../../auth/passwords.js';
import { BASELINE_MFA_ROLES } from '../../auth/tenant-auth-policy.js';
import { generateTotpSecret } from '../../auth/totp.js';
import { type UserRole } from '../../authz/actor.js';
import { type Config } from '../../config/config.js';
import { loadConfig } from '../../config/load.js';
import { withTenant } from '../../db/tenant-scope.js';
import { demoSenderNumber, seedSenderNumber } from '../../messaging/inbound/sender-numbers.js';
import { Coverage } from '../coverage/coverage-model.js';
import { Department, DepartmentMember } from '../departments/department-model.js';
import { applyConsentChange } from '../patients/consent.js';
import { Patient } from '../patients/patient-model.js';
import { Practitioner } from '../practitioners/practitioner-model.js';
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
  const fields = {
    givenName: p.givenName,
    familyName: p.familyName,
    title: p.title ?? null,
    kind: p.kind,
    specialty: p.specialty ?? null,
    npi: p.npi ?? null,
    deaNumber: p.deaNumber ?? null,
    canPrescribe: p.canPrescribe,
    supervisingPractitionerId: supervisorId,
  };
  const existing = await Practitioner.query(trx)
    .select('id')
    .findOne(p.npi ? { npi: p.npi } : { given_name: p.givenName, family_name: p.familyName, kind: p.kind });
  if (existing) {
    await Practitioner.query(trx).patch({ ...fields, updatedAt: fn.now() }).where('id', existing.id);
    return existing.id;
  }
  return (await Practitioner.query(trx).insert({ ...fields, tenantId }).returning('id')).id;
}

async function ensurePatient(trx: Knex.Transaction, tenantId: string, p: DemoPatient): Promise<string> {
  const existing = await Patient.query(trx).select('id').findOne({ mrn: p.mrn });
  if (existing) return existing.id;
  const { id } = await Patient.query(trx)
    .insert({
      tenantId,
      mrn: p.mrn,
      givenName: p.givenName,
      familyName: p.familyName,
      birthDate: p.birthDate,
      sex: p.sex,
      mobileE164: p.mobileE164 ?? null,
      email: p.email ?? null,
      preferredChannel: p.preferredChannel,
      language: p.language,
      responsibleParty: p.responsibleParty ? { mobileE164: null, email: null, ...p.responsibleParty } : null,
    })
    .returning('id');
  if (p.smsConsent) await applyConsentChange(trx, tenantId, id, { channel: 'sms', ...p.smsConsent });
  if (p.emailConsent) await applyConsentChange(trx, tenantId, id, { channel: 'email', ...p.emailConsent });
  return id;
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
      const dept = await Department.query(trx)
        .insert({ tenantId: tenant.id, name: d.name, specialty: d.specialty, leadPractitionerId: practitioners.get(d.leadKey)!, onCallPractitionerId: practitioners.get(d.onCallKey)! })
        .onConflict(['tenant_id', 'name'])
        .merge(['specialty', 'lead_practitioner_id', 'on_call_practitioner_id'])
        .returning('id');
      for (const email of d.memberEmails) {
        await DepartmentMember.query(trx).insert({ tenantId: tenant.id, departmentId: dept.id, userId: users.get(email)! }).onConflict(['department_id', 'user_id']).ignore();
      }
    }

    for (const c of demo.coverage) {
      const practitionerId = practitioners.get(c.practitionerKey)!;
      const current = await Coverage.query(trx).select('id').where({ practitioner_id: practitionerId, reason: c.reason }).andWhere('ends_at', '>', fn.now()).first();
      if (current) continue;
      const startsAt = new Date(Date.now() + c.startsInDays * 86_400_000);
      await Coverage.query(trx).insert({
        tenantId: tenant.id,
        practitionerId,
        coveringPractitionerId: practitioners.get(c.coveringKey)!,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + c.days * 86_400_000).toISOString(),
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
