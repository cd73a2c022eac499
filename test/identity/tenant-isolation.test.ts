import { randomInt } from 'node:crypto';
import { withTenant } from '../../src/db/tenant-scope.js';
import { APP_ROLE } from '../../src/db/app-role.js';
import { upsertIntegration } from '../../src/lab-results/integrations/integration-repository.js';
import { seedSenderNumber, tenantOfNumber } from '../../src/messaging/inbound/sender-numbers.js';
import { api } from '../support/http.js';
import { createTestTenant, type TestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';

/**
 * Row-level security under the permission rules: even a query that forgets every WHERE clause
 * sees only the tenant of its transaction, and nothing without one.
 */
let stack: TestStack;
let a: TestTenant;
let b: TestTenant;
let tenantTables: string[];
let bNumber: string;

/**
 * Tables that carry a tenant_id but are deliberately readable without a tenant setting. Each entry
 * needs a reason next to it (e.g. a routing lookup that must run before the tenant is known, and
 * holds no PHI). Prefer a SECURITY DEFINER lookup function over an entry here.
 */
const DELIBERATELY_UNSCOPED = new Map<string, string>();

beforeAll(async () => {
  stack = await startTestStack();
  [a, b] = [await createTestTenant(stack), await createTestTenant(stack)];
  // Give B a row in every registry table so that "none of B's rows" is a real check.
  const practitioner = await b.addPractitioner();
  const department = await b.addDepartment({ lead_practitioner_id: practitioner });
  await b.addCoverage(practitioner, await b.addPractitioner());
  await b.scoped(async (trx) => {
    await trx('department_members').insert({ tenant_id: b.id, department_id: department, user_id: b.users.nurse.id });
    await trx('patient_consent_events').insert({ tenant_id: b.id, patient_id: b.ownPatientId, channel: 'sms', status: 'granted', source: 'test' });
  });
  await api(stack.baseUrl, 'GET', `/api/v1/patients/${b.ownPatientId}`, { token: b.token('nurse') });
  // The tables that name a tenant from an inbound message (a lab's sender, a receiving number) too.
  bNumber = `+1347${randomInt(1_000_000, 10_000_000)}`;
  if ((await seedSenderNumber(stack.ownerDb, b.id, bNumber)) === 'taken') throw new Error('test sender number collision; run again');
  await b.scoped((trx) => upsertIntegration(trx, { tenantId: b.id, name: 'Isolation check lab', sendingFacility: `ISO_${b.id}`, apiKeyId: b.apiKeyId }));
  // And A the same kinds of rows, so A's lists are not trivially empty.
  const ours = await a.addPractitioner();
  await a.addDepartment({ lead_practitioner_id: ours });
  await a.addCoverage(ours, await a.addPractitioner());
  await api(stack.baseUrl, 'GET', `/api/v1/patients/${a.ownPatientId}`, { token: a.token('nurse') });
  const { rows } = await stack.ownerDb.raw<{ rows: { table_name: string }[] }>(
    `select c.table_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'`,
  );
  tenantTables = rows.map((r) => r.table_name).sort();
});
afterAll(() => stack.close());

describe('tenant isolation in the database', () => {
  it('When the schema is inspected, then every table with a tenant_id has forced row-level security and a policy', async () => {
    const unprotected = await stack.ownerDb('pg_class as c')
      .join('pg_namespace as n', 'n.oid', 'c.relnamespace')
      .where('n.nspname', 'public')
      .whereIn('c.relname', tenantTables.filter((t) => !DELIBERATELY_UNSCOPED.has(t)))
      .andWhere((q) =>
        q
          .where('c.relrowsecurity', false)
          .orWhere('c.relforcerowsecurity', false)
          .orWhereNotExists(function policies() {
            this.select(1).from('pg_policies as p').whereRaw('p.tablename = c.relname').andWhere('p.schemaname', 'public');
          }),
      )
      .pluck('c.relname');
    expect(tenantTables.length).toBeGreaterThan(10);
    expect(unprotected).toEqual([]);
  });

  it('When ownership is inspected, then the app role owns no table (so RLS always applies to it)', async () => {
    const owned = await stack.ownerDb('pg_tables').where({ schemaname: 'public', tableowner: APP_ROLE }).pluck('tablename');
    expect(owned).toEqual([]);
  });

  it('When raw SQL runs under tenant A’s setting, then it sees none of tenant B’s rows in any tenant table', async () => {
    const leaks: Record<string, number> = {};
    await withTenant(stack.db, a.id, async (trx) => {
      for (const table of tenantTables.filter((t) => !DELIBERATELY_UNSCOPED.has(t))) {
        const [row] = await trx.raw<{ rows: { n: string }[] }>('select count(*) as n from ?? where tenant_id <> ?', [table, a.id]).then((r) => r.rows);
        if (Number(row!.n) > 0) leaks[table] = Number(row!.n);
      }
    });
    expect(leaks).toEqual({});
  });

  it('When the same query runs under tenant B’s setting, then B’s rows are there (the check above can fail)', async () => {
    const counts = await withTenant(stack.db, b.id, async (trx) => {
      const out: Record<string, number> = {};
      for (const table of ['patients', 'users', 'practitioners', 'departments', 'department_members', 'coverage', 'patient_consent_events', 'audit_events', 'api_keys', 'refresh_tokens']) {
        const [row] = await trx.raw<{ rows: { n: string }[] }>('select count(*) as n from ??', [table]).then((r) => r.rows);
        out[table] = Number(row!.n);
      }
      return out;
    });
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(0);
  });

  it('When a query runs without a tenant setting, then it sees no rows at all', async () => {
    const seen: Record<string, number> = {};
    for (const table of tenantTables.filter((t) => !DELIBERATELY_UNSCOPED.has(t))) {
      const [row] = await stack.db.raw<{ rows: { n: string }[] }>('select count(*) as n from ??', [table]).then((r) => r.rows);
      if (Number(row!.n) > 0) seen[table] = Number(row!.n);
    }
    expect(seen).toEqual({});
  });

  it('When an inbound text names tenant B’s receiving number, then the lookup finds B though no tenant can read B’s numbers', async () => {
    expect(await tenantOfNumber(stack.db, bNumber)).toBe(b.id);
    expect(await withTenant(stack.db, a.id, (trx) => trx('messaging_sender_numbers').where({ e164: bNumber }))).toEqual([]);
  });

  it('When tenant A’s transaction writes a row for tenant B, then the database refuses it', async () => {
    await expect(
      withTenant(stack.db, a.id, (trx) => trx('departments').insert({ tenant_id: b.id, name: 'Smuggled' })),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it('When tenant A’s transaction updates tenant B’s settings, then no row changes', async () => {
    const updated = await withTenant(stack.db, a.id, (trx) => trx('tenants').where({ id: b.id }).update({ name: 'Hijacked' }));
    expect(updated).toBe(0);
  });
});

describe('tenant isolation through the API', () => {
  const lists = [
    ['/api/v1/patients?limit=100', 'admin'],
    ['/api/v1/practitioners?limit=100', 'admin'],
    ['/api/v1/departments?limit=100', 'admin'],
    ['/api/v1/coverage?limit=100', 'admin'],
    ['/api/v1/users?limit=100', 'admin'],
    ['/api/v1/api-keys', 'admin'],
    ['/api/v1/audit-events?limit=200', 'admin'],
  ] as const;

  it.each(lists)('When tenant A lists %s, then every item is A’s', async (path, role) => {
    const res = await api(stack.baseUrl, 'GET', path, { token: a.token(role) });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.filter((item: { tenantId: string }) => item.tenantId !== a.id)).toEqual([]);
  });

  it('When tenant A searches for tenant B’s patient by MRN, then nothing is found', async () => {
    const mrn = await b.scoped((trx) => trx('patients').where({ id: b.ownPatientId }).first('mrn').then((r: { mrn: string }) => r.mrn));
    const res = await api(stack.baseUrl, 'GET', `/api/v1/patients?mrn=${mrn}`, { token: a.token('admin') });
    expect(res.body.items).toEqual([]);
  });

  it('When tenant A refers to tenant B’s practitioner in a coverage, then it is refused as a missing reference', async () => {
    const theirs = await b.addPractitioner();
    const res = await api(stack.baseUrl, 'POST', '/api/v1/coverage', {
      token: a.token('admin'),
      body: { practitionerId: theirs, coveringPractitionerId: await a.addPractitioner(), startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z' },
    });
    expect(res.status).toBe(422);
  });

  it('When a token of tenant A is presented, then it works only for A even if B’s IDs are named', async () => {
    const res = await api(stack.baseUrl, 'GET', `/api/v1/users/${b.users.admin.id}`, { token: a.token('admin') });
    expect(res.status).toBe(404);
    const denied = await stack.ownerDb('audit_events').where({ tenant_id: a.id, entity_id: b.users.admin.id, outcome: 'denied' });
    expect(denied).toHaveLength(1);
  });
});
