import { seedDemo } from '../../scripts/seed-demo.js';
import { api } from '../support/http.js';
import { totpCode } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

const DEMO_SLUGS = ['northside-clinic', 'lakeview-health'];

/** Rows of the demo tenants only: other test files write to the same database at the same time. */
async function count(table: string): Promise<number> {
  const demoTenants = stack.ownerDb('tenants').whereIn('slug', DEMO_SLUGS).select('id');
  const query = table === 'tenants' ? stack.ownerDb(table).whereIn('slug', DEMO_SLUGS) : stack.ownerDb(table).whereIn('tenant_id', demoTenants);
  return Number((await query.count<{ n: string }[]>({ n: '*' }))[0]!.n);
}

describe('demo seed', () => {
  it('When the seed runs twice, then the second run adds nothing and prints the same secrets', async () => {
    const first = await seedDemo(stack.ownerDb, { config: stack.config, password: 'demo-password-for-tests' });
    const tables = ['tenants', 'users', 'patients', 'practitioners', 'departments', 'department_members', 'coverage', 'api_keys', 'patient_consent_events'];
    const before = await Promise.all(tables.map(count));
    const second = await seedDemo(stack.ownerDb, { config: stack.config, password: 'demo-password-for-tests' });
    expect(await Promise.all(tables.map(count))).toEqual(before);
    expect(second).toEqual(first);
  });

  it('When the seed has run, then each tenant has a user of every role and MFA secrets for the roles that need them', async () => {
    const result = await seedDemo(stack.ownerDb, { config: stack.config, password: 'demo-password-for-tests' });
    expect(result.tenants.map((t) => t.slug)).toEqual(['northside-clinic', 'lakeview-health']);
    for (const tenant of result.tenants) {
      expect(new Set(tenant.logins.map((l) => l.role))).toEqual(new Set(['admin', 'scheduler', 'physician', 'nurse', 'pharmacist', 'ops', 'patient']));
      for (const login of tenant.logins) expect(!!login.totpSecret).toBe(['admin', 'physician', 'pharmacist'].includes(login.role));
    }
    expect(result.tenants[0]!.labApiKey).toMatch(/^scxk_/);
  });

  it('When a demo physician signs in with the printed password and TOTP secret, then they can read the demo patients', async () => {
    const result = await seedDemo(stack.ownerDb, { config: stack.config, password: 'demo-password-for-tests' });
    const northside = result.tenants[0]!;
    const physician = northside.logins.find((l) => l.role === 'physician')!;
    const login = await api(stack.baseUrl, 'POST', '/api/v1/auth/login', {
      body: { tenant: northside.slug, email: physician.email, password: 'demo-password-for-tests', totp: totpCode(physician.totpSecret!) },
    });
    expect(login.status).toBe(200);
    const patients = await api(stack.baseUrl, 'GET', '/api/v1/patients?limit=100', { token: login.body.accessToken });
    const names = patients.body.items.map((p: { familyName: string }) => p.familyName);
    expect(names).toEqual(expect.arrayContaining(['García', 'Hernández', 'Johnson']));
    const optedOut = patients.body.items.find((p: { familyName: string }) => p.familyName === 'Hernández');
    expect(optedOut).toMatchObject({ smsConsent: 'revoked', smsConsentSource: 'sms-keyword:STOP', language: 'es' });
    const minor = patients.body.items.find((p: { familyName: string }) => p.familyName === 'Johnson');
    expect(minor.responsibleParty).toMatchObject({ relationship: 'mother' });
    const apiKey = await api(stack.baseUrl, 'GET', '/api/v1/auth/me', { headers: { 'x-api-key': northside.labApiKey! } });
    expect(apiKey.body).toMatchObject({ type: 'service', role: 'integration' });
  });
});
