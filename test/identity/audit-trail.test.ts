import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { systemActor } from '../../src/authz/actor.js';
import { recordAudit } from '../../src/audit/record-audit.js';
import { verifyAuditChain } from '../../src/audit/verify-chain.js';
import { withTenant } from '../../src/db/tenant-scope.js';
import { api } from '../support/http.js';
import { createTestTenant, type TestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';

let stack: TestStack;
let tenant: TestTenant;

beforeAll(async () => {
  stack = await startTestStack();
  tenant = await createTestTenant(stack);
  // A little history: reads, a write, a denial.
  await api(stack.baseUrl, 'GET', `/api/v1/patients/${tenant.ownPatientId}`, { token: tenant.token('nurse') });
  await api(stack.baseUrl, 'PATCH', `/api/v1/patients/${tenant.ownPatientId}`, { token: tenant.token('nurse'), body: { language: 'es' } });
  await api(stack.baseUrl, 'GET', `/api/v1/patients/${await tenant.addPatient()}`, { token: tenant.token('patient') });
});
afterAll(() => stack.close());

/** Owner-side tampering, the way an attacker with database access would do it: trigger off, edit, trigger on. */
async function tamper(sql: string, bindings: unknown[]): Promise<void> {
  await stack.ownerDb.transaction(async (trx) => {
    await trx.raw('select set_config(?, ?, true)', ['app.tenant_id', tenant.id]);
    await trx.raw('alter table audit_events disable trigger audit_events_no_update');
    await trx.raw(sql, bindings as never[]);
    await trx.raw('alter table audit_events enable trigger audit_events_no_update');
  });
}

describe('append-only trail', () => {
  it('When the app role updates an audit event, then the database refuses', async () => {
    await expect(withTenant(stack.db, tenant.id, (trx) => trx('audit_events').update({ reason: 'edited' }))).rejects.toMatchObject({ code: '42501' });
  });

  it('When the app role deletes audit events, then the database refuses', async () => {
    await expect(withTenant(stack.db, tenant.id, (trx) => trx('audit_events').delete())).rejects.toMatchObject({ code: '42501' });
  });

  it('When even the owner updates or truncates without disabling the triggers, then the database refuses', async () => {
    await expect(stack.ownerDb.raw("update audit_events set reason = 'edited' where tenant_id = ?", [tenant.id])).rejects.toMatchObject({ code: '42501' });
    await expect(stack.ownerDb.raw('truncate audit_events')).rejects.toMatchObject({ code: '42501' });
  });
});

describe('hash chain', () => {
  it('When nothing was touched, then the chain verifies from the first event to the last', async () => {
    const [report] = await verifyAuditChain(stack.ownerDb, { tenant: tenant.slug });
    const count = await stack.ownerDb('audit_events').where({ tenant_id: tenant.id }).count<{ n: string }[]>({ n: '*' });
    expect(report).toEqual({ tenantId: tenant.id, tenantSlug: tenant.slug, checked: Number(count[0]!.n) });
  });

  it('When a row is edited behind the triggers, then verification reports that row as the first broken link', async () => {
    const victim = await stack.ownerDb('audit_events').where({ tenant_id: tenant.id, action: 'update' }).first<{ id: string; seq: string }>('id', 'seq');
    await tamper("update audit_events set actor_id = 'someone-else' where id = ?", [victim.id]);
    const [report] = await verifyAuditChain(stack.ownerDb, { tenant: tenant.slug });
    expect(report!.firstBreak).toEqual({ id: String(victim.id), seq: Number(victim.seq), problem: 'hash-mismatch' });
  });

  it('When the verification command finds a broken link, then it names it and exits non-zero', async () => {
    const run = promisify(execFile)('npx', ['tsx', 'scripts/verify-audit-chain.ts', '--tenant', tenant.slug], { env: process.env, cwd: process.cwd() });
    await expect(run).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('hash-mismatch') });
  }, 60_000);

  it('When a row is deleted behind the triggers, then the gap is detected', async () => {
    const other = await createTestTenant(stack);
    await api(stack.baseUrl, 'GET', `/api/v1/patients/${other.ownPatientId}`, { token: other.token('nurse') });
    await api(stack.baseUrl, 'GET', `/api/v1/patients/${other.ownPatientId}`, { token: other.token('nurse') });
    const second = await stack.ownerDb('audit_events').where({ tenant_id: other.id, seq: 2 }).first<{ id: string }>('id');
    await stack.ownerDb.transaction(async (trx) => {
      await trx.raw('alter table audit_events disable trigger audit_events_no_update');
      await trx.raw('delete from audit_events where id = ?', [second.id]);
      await trx.raw('alter table audit_events enable trigger audit_events_no_update');
    });
    const [report] = await verifyAuditChain(stack.ownerDb, { tenant: other.id });
    expect(report!.firstBreak).toMatchObject({ seq: 3, problem: 'seq-gap' });
  });
});

describe('what is recorded', () => {
  it('When a patient is read, then the event names the actor, patient, entity, request, IP and user agent', async () => {
    const res = await api(stack.baseUrl, 'GET', `/api/v1/patients/${tenant.ownPatientId}`, { token: tenant.token('physician'), headers: { 'user-agent': 'audit-test' } });
    const event = await stack.ownerDb('audit_events').where({ request_id: res.headers.get('x-request-id') }).first();
    expect(event).toMatchObject({
      tenant_id: tenant.id,
      actor_type: 'user',
      actor_id: tenant.users.physician.id,
      actor_role: 'physician',
      action: 'read',
      entity_type: 'Patient',
      entity_id: tenant.ownPatientId,
      patient_id: tenant.ownPatientId,
      outcome: 'allowed',
      ip: '127.0.0.1',
      user_agent: 'audit-test',
    });
  });

  it('When a read is denied, then the denial is recorded although the request failed', async () => {
    const hidden = await tenant.addPatient();
    const res = await api(stack.baseUrl, 'GET', `/api/v1/patients/${hidden}`, { token: tenant.token('patient') });
    expect(res.status).toBe(404);
    const event = await stack.ownerDb('audit_events').where({ request_id: res.headers.get('x-request-id') }).first();
    expect(event).toMatchObject({ outcome: 'denied', entity_id: hidden, patient_id: hidden, actor_role: 'patient', reason: 'not-found' });
  });

  it('When a search by name runs, then the trail holds the patients returned but not the name searched for', async () => {
    const familyName = `Zyxwv${Date.now()}`;
    const id = await tenant.addPatient({ family_name: familyName });
    const res = await api(stack.baseUrl, 'GET', `/api/v1/patients?q=${familyName}`, { token: tenant.token('scheduler') });
    const events = await stack.ownerDb('audit_events').where({ request_id: res.headers.get('x-request-id') });
    expect(events.map((e: { patient_id: string }) => e.patient_id)).toEqual([id]);
    expect(JSON.stringify(events)).not.toContain(familyName);
  });

  it('When an admin changes a user’s role, then the privilege change is recorded and the user’s session ends', async () => {
    const user = await tenant.addUser('nurse');
    const res = await api(stack.baseUrl, 'PATCH', `/api/v1/users/${user.id}`, { token: tenant.token('admin'), body: { role: 'scheduler' } });
    expect(res.status).toBe(200);
    const event = await stack.ownerDb('audit_events').where({ request_id: res.headers.get('x-request-id'), action: 'privilege-change' }).first();
    expect(event.details).toEqual({ role: { from: 'nurse', to: 'scheduler' } });
    expect((await api(stack.baseUrl, 'GET', '/api/v1/auth/me', { token: user.accessToken })).status).toBe(401);
  });

  it('When a Temporal activity records its work, then the event carries the system actor and workflow ID', async () => {
    await recordAudit(stack.db, systemActor(tenant.id, 'lab-routing', 'lab-result-1234'), { action: 'route', entityType: 'LabResult', entityId: 'lr-1' });
    const event = await stack.ownerDb('audit_events').where({ tenant_id: tenant.id, workflow_id: 'lab-result-1234' }).first();
    expect(event).toMatchObject({ actor_type: 'system', actor_id: 'lab-routing', actor_role: 'system', action: 'route' });
  });
});

describe('GET /api/v1/audit-events', () => {
  it('When an admin filters by patient, actor and entity, then only matching events come back, newest first', async () => {
    const patientId = await tenant.addPatient();
    for (const role of ['nurse', 'nurse', 'scheduler'] as const) {
      await api(stack.baseUrl, 'GET', `/api/v1/patients/${patientId}`, { token: tenant.token(role) });
    }
    const res = await api(stack.baseUrl, 'GET', `/api/v1/audit-events?patientId=${patientId}&actorId=${tenant.users.nurse.id}&entityType=Patient`, {
      token: tenant.token('admin'),
    });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    for (const e of res.body.items) expect(e).toMatchObject({ patientId, actorId: tenant.users.nurse.id, entityType: 'Patient', action: 'read' });
    const seqs = res.body.items.map((e: { seq: number }) => e.seq);
    expect([...seqs].sort((x, y) => y - x)).toEqual(seqs);
  });

  it('When the time range excludes everything, then nothing comes back', async () => {
    const res = await api(stack.baseUrl, 'GET', '/api/v1/audit-events?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z', { token: tenant.token('admin') });
    expect(res.body.items).toEqual([]);
  });

  it('When the pages are walked with the cursor, then every event appears once', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { seq: number }[]; nextCursor: string | null } } = await api(stack.baseUrl, 'GET', `/api/v1/audit-events?limit=3${cursor ? `&cursor=${cursor}` : ''}&entityType=Patient`, {
        token: tenant.token('admin'),
      });
      seen.push(...page.body.items.map((e) => e.seq));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(3);
  });

  it('When someone other than an admin asks, then it is forbidden and the attempt is recorded', async () => {
    const res = await api(stack.baseUrl, 'GET', '/api/v1/audit-events', { token: tenant.token('ops') });
    expect(res.status).toBe(403);
    const event = await stack.ownerDb('audit_events').where({ request_id: res.headers.get('x-request-id') }).first();
    expect(event).toMatchObject({ outcome: 'denied', entity_type: 'AuditEvent', actor_role: 'ops' });
  });
});
