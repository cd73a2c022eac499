import { randomBytes } from 'node:crypto';
import { type Knex } from 'knex';
import { digestToken, mintOpaqueToken } from '../../src/auth/opaque-tokens.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { openSession } from '../../src/auth/sessions.js';
import { BASELINE_MFA_ROLES } from '../../src/auth/tenant-auth-policy.js';
import { generateTotpSecret, totpCode } from '../../src/auth/totp.js';
import { USER_ROLES, type UserRole } from '../../src/authz/actor.js';
import { withTenant } from '../../src/db/tenant-scope.js';
import { ensureTenant, ensureUser } from '../../src/registry/provisioning.js';
import { daytimeZone } from './daytime.js';
import { type TestStack } from './stack.js';

/**
 * A fresh tenant per test file, with one signed-in user of every role and an integration API key:
 *
 *   const tenant = await createTestTenant(stack);
 *   await api(stack.baseUrl, 'GET', '/api/v1/patients', { token: tenant.token('nurse') });
 *   await api(stack.baseUrl, 'POST', '/api/v1/...', { headers: { 'x-api-key': tenant.apiKey } });
 *
 * Tokens come from real sessions (refresh-token families in the database), so logout, revocation
 * and idle logoff apply to them. Users whose role needs MFA are enrolled (`totpSecret`) and their
 * sessions count as signed in with both factors. Records are created through the app role under
 * the tenant's row-level security, as the API would.
 */
export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface TestUser {
  id: string;
  role: UserRole;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  /** Set for users enrolled in TOTP (admin, physician, pharmacist by default); `totpCode(secret)` gives a code. */
  totpSecret?: string;
  practitionerId?: string;
  patientId?: string;
}

export interface TestTenant {
  id: string;
  slug: string;
  users: Record<UserRole, TestUser>;
  /** Bearer access token of this tenant's user with `role`. */
  token(role: UserRole): string;
  /** `X-API-Key` of the tenant's lab-integration service account. */
  apiKey: string;
  apiKeyId: string;
  /** The patient record the `patient` user is (and may see). */
  ownPatientId: string;
  /** Another user with a fresh session (e.g. to log out or lock without disturbing `users`). */
  addUser(role: UserRole, options?: { mfa?: boolean; practitionerId?: string; patientId?: string }): Promise<TestUser>;
  addPatient(overrides?: Record<string, unknown>): Promise<string>;
  addPractitioner(overrides?: Record<string, unknown>): Promise<string>;
  addDepartment(overrides?: Record<string, unknown>): Promise<string>;
  addCoverage(practitionerId: string, coveringPractitionerId: string, overrides?: Record<string, unknown>): Promise<string>;
  /** Runs `fn` as the app role scoped to this tenant (row-level security applies). */
  scoped<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
}

let passwordHash: Promise<string> | undefined;
const unique = () => randomBytes(4).toString('hex');

export { totpCode };

/** A fresh tenant; by default in a time zone where it is daytime now, so quiet hours never hold test messages. */
export async function createTestTenant(stack: TestStack, options: { settings?: Record<string, unknown>; timezone?: string } = {}): Promise<TestTenant> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const slug = `test-${unique()}`;
  const tenant = await ensureTenant(stack.ownerDb, { slug, name: `Test clinic ${slug}`, settings: options.settings ?? {}, timezone: options.timezone ?? daytimeZone() });
  const scoped = <T>(fn: (trx: Knex.Transaction) => Promise<T>) => withTenant(stack.db, tenant.id, fn);

  const addPatient = (overrides: Record<string, unknown> = {}) =>
    scoped(async (trx) => {
      const tag = unique();
      const [row] = await trx('patients')
        .insert({
          tenant_id: tenant.id,
          mrn: `MRN-${tag}`,
          given_name: 'Test',
          family_name: `Patient-${tag}`,
          birth_date: '1980-02-03',
          mobile_e164: '+15555550100',
          email: `patient-${tag}@example.test`,
          ...overrides,
        })
        .returning<{ id: string }[]>('id');
      return row!.id;
    });
  const addPractitioner = (overrides: Record<string, unknown> = {}) =>
    scoped(async (trx) => {
      const [row] = await trx('practitioners')
        .insert({ tenant_id: tenant.id, given_name: 'Test', family_name: `Practitioner-${unique()}`, kind: 'physician', can_prescribe: true, ...overrides })
        .returning<{ id: string }[]>('id');
      return row!.id;
    });
  const addDepartment = (overrides: Record<string, unknown> = {}) =>
    scoped(async (trx) => {
      const [row] = await trx('departments').insert({ tenant_id: tenant.id, name: `Department ${unique()}`, ...overrides }).returning<{ id: string }[]>('id');
      return row!.id;
    });
  const addCoverage = (practitionerId: string, coveringPractitionerId: string, overrides: Record<string, unknown> = {}) =>
    scoped(async (trx) => {
      const [row] = await trx('coverage')
        .insert({
          tenant_id: tenant.id,
          practitioner_id: practitionerId,
          covering_practitioner_id: coveringPractitionerId,
          starts_at: new Date(Date.now() - 3600_000),
          ends_at: new Date(Date.now() + 86_400_000),
          ...overrides,
        })
        .returning<{ id: string }[]>('id');
      return row!.id;
    });

  const addUser: TestTenant['addUser'] = (role, opts = {}) =>
    scoped(async (trx) => {
      const email = `${role}-${unique()}@${slug}.test`;
      const mfa = opts.mfa ?? BASELINE_MFA_ROLES.includes(role);
      const { id, totpSecret } = await ensureUser(trx, stack.config, tenant.id, {
        email,
        displayName: `Test ${role}`,
        role,
        passwordHash: hash,
        practitionerId: opts.practitionerId ?? null,
        patientId: opts.patientId ?? null,
        ...(mfa ? { totpSecret: generateTotpSecret() } : {}),
      });
      const session = await openSession(
        trx,
        stack.config,
        { id, tenantId: tenant.id, role, practitionerId: opts.practitionerId ?? null, patientId: opts.patientId ?? null },
        mfa ? ['pwd', 'otp'] : ['pwd'],
        { ip: '127.0.0.1', userAgent: 'identity-test-factory' },
      );
      return {
        id,
        role,
        email,
        password: TEST_PASSWORD,
        accessToken: session.accessToken,
        refreshToken: session.refreshToken,
        sessionId: session.sessionId,
        ...(totpSecret ? { totpSecret } : {}),
        ...(opts.practitionerId ? { practitionerId: opts.practitionerId } : {}),
        ...(opts.patientId ? { patientId: opts.patientId } : {}),
      };
    });

  const ownPatientId = await addPatient();
  const physicianId = await addPractitioner({ kind: 'physician', dea_number: 'AB1234563', npi: '1234567893' });
  const nurseId = await addPractitioner({ kind: 'nurse', can_prescribe: false });
  const pharmacistId = await addPractitioner({ kind: 'pharmacist', can_prescribe: false });
  const links: Partial<Record<UserRole, { practitionerId?: string; patientId?: string }>> = {
    physician: { practitionerId: physicianId },
    nurse: { practitionerId: nurseId },
    pharmacist: { practitionerId: pharmacistId },
    patient: { patientId: ownPatientId },
  };
  const users = {} as Record<UserRole, TestUser>;
  for (const role of USER_ROLES) users[role] = await addUser(role, links[role] ?? {});

  const apiKey = mintOpaqueToken('scxk', tenant.id);
  const apiKeyId = await scoped(async (trx) => {
    const [row] = await trx('api_keys')
      .insert({ tenant_id: tenant.id, name: 'Test lab integration', role: 'integration', key_hash: digestToken(apiKey), created_by: users.admin.id })
      .returning<{ id: string }[]>('id');
    return row!.id;
  });

  return {
    id: tenant.id,
    slug,
    users,
    token: (role) => users[role].accessToken,
    apiKey,
    apiKeyId,
    ownPatientId,
    addUser,
    addPatient,
    addPractitioner,
    addDepartment,
    addCoverage,
    scoped,
  };
}
