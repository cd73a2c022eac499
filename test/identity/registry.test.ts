import { randomUUID } from 'node:crypto';
import { findCoveringPractitioner } from '../../src/registry/coverage/coverage-repository.js';
import { api } from '../support/http.js';
import { createTestTenant, type TestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';

let stack: TestStack;
let tenant: TestTenant;

beforeAll(async () => {
  stack = await startTestStack();
  tenant = await createTestTenant(stack);
});
afterAll(() => stack.close());

const call = (method: string, path: string, role: Parameters<TestTenant['token']>[0], body?: unknown) =>
  api(stack.baseUrl, method, path, { token: tenant.token(role), body });
const adult = (over: Record<string, unknown> = {}) => ({
  mrn: `MRN-${randomUUID().slice(0, 8)}`,
  givenName: 'Maria',
  familyName: `Lopez-${randomUUID().slice(0, 6)}`,
  birthDate: '1985-04-12',
  mobileE164: '+15555550123',
  language: 'es',
  ...over,
});

describe('patients', () => {
  it('When a scheduler registers a patient with intake consent, then the patient and the consent history exist', async () => {
    const res = await call('POST', '/api/v1/patients', 'scheduler', adult({ consent: { sms: { status: 'granted', source: 'intake-form' } } }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ language: 'es', smsConsent: 'granted', smsConsentSource: 'intake-form', emailConsent: 'unknown' });
    const history = await call('GET', `/api/v1/patients/${res.body.id}/consent-events`, 'nurse');
    expect(history.body.items).toEqual([expect.objectContaining({ channel: 'sms', status: 'granted', source: 'intake-form' })]);
  });

  it('When the MRN is already used in the tenant, then registration conflicts (409)', async () => {
    const body = adult();
    expect((await call('POST', '/api/v1/patients', 'scheduler', body)).status).toBe(201);
    expect((await call('POST', '/api/v1/patients', 'scheduler', { ...body, familyName: 'Other' })).status).toBe(409);
  });

  it('When a minor is registered without a reachable responsible party, then it is refused; with one, accepted', async () => {
    const minor = adult({ birthDate: '2015-06-01' });
    expect((await call('POST', '/api/v1/patients', 'scheduler', minor)).status).toBe(422);
    const ok = await call('POST', '/api/v1/patients', 'scheduler', { ...minor, responsibleParty: { name: 'Ana Lopez', relationship: 'mother', mobileE164: '+15555550124' } });
    expect(ok.status).toBe(201);
    expect(ok.body.responsibleParty).toMatchObject({ name: 'Ana Lopez', relationship: 'mother' });
  });

  it('When the mobile number is not E.164, then validation names the field without echoing the value', async () => {
    const res = await call('POST', '/api/v1/patients', 'scheduler', adult({ mobileE164: '555-0100-XYZ' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/body/mobileE164' })]);
    expect(JSON.stringify(res.body)).not.toContain('555-0100-XYZ');
  });

  it('When staff search by name prefix, MRN or birth date, then the patient is found each way', async () => {
    const created = await call('POST', '/api/v1/patients', 'scheduler', adult({ givenName: 'Eulalia', birthDate: '1961-03-09' }));
    const { id, mrn, familyName } = created.body;
    for (const query of [`q=eula ${familyName.slice(0, 8)}`, `mrn=${mrn}`, 'birthDate=1961-03-09']) {
      const res = await call('GET', `/api/v1/patients?${query}`, 'nurse');
      expect(res.body.items.map((p: { id: string }) => p.id)).toContain(id);
    }
    expect((await call('GET', '/api/v1/patients?q=eula%25', 'nurse')).body.items).toEqual([]);
  });

  it('When ops read a patient, then they see contact preferences and consent, never identity or contact details', async () => {
    const res = await call('GET', `/api/v1/patients/${tenant.ownPatientId}`, 'ops');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(
      ['createdAt', 'emailConsent', 'emailConsentAt', 'id', 'language', 'preferredChannel', 'smsConsent', 'smsConsentAt', 'tenantId', 'timezone', 'updatedAt'].sort(),
    );
  });

  it('When ops search patients by name, then it is forbidden', async () => {
    expect((await call('GET', '/api/v1/patients?q=test', 'ops')).status).toBe(403);
  });

  it('When a patient lists patients, then only their own record comes back', async () => {
    const res = await call('GET', '/api/v1/patients?limit=100', 'patient');
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([tenant.ownPatientId]);
  });

  it('When a patient changes their own contact preferences, then it works; their name, then it is forbidden', async () => {
    const own = `/api/v1/patients/${tenant.ownPatientId}`;
    expect((await call('PATCH', own, 'patient', { preferredChannel: 'email', language: 'es' })).status).toBe(200);
    expect((await call('PATCH', own, 'patient', { familyName: 'Changed' })).status).toBe(403);
  });

  it('When a patient opts out of SMS, then the state records the time and the portal as source (whatever the client claims)', async () => {
    const res = await call('POST', `/api/v1/patients/${tenant.ownPatientId}/consent`, 'patient', { channel: 'sms', status: 'revoked', source: 'intake-form' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ smsConsent: 'revoked', smsConsentSource: 'patient-portal' });
    expect(Date.parse(res.body.smsConsentAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('practitioners', () => {
  it('When an admin adds a physician with a valid NPI and DEA number, then it is stored', async () => {
    const res = await call('POST', '/api/v1/practitioners', 'admin', {
      givenName: 'Grace',
      familyName: 'Hopper',
      kind: 'physician',
      npi: '1245319599',
      deaNumber: 'bh1234563',
      canPrescribe: true,
    });
    expect(res.status).toBe(201);
    expect(res.body.deaNumber).toBe('BH1234563');
  });

  it('When the DEA number’s check digit is wrong, then it is refused', async () => {
    const res = await call('POST', '/api/v1/practitioners', 'admin', { givenName: 'A', familyName: 'B', kind: 'physician', deaNumber: 'AB1234564', canPrescribe: true });
    expect(res.status).toBe(400);
  });

  it('When a resident has no supervisor, then it is refused; with a prescribing supervisor, accepted', async () => {
    const resident = { givenName: 'Rae', familyName: 'Resident', kind: 'resident', canPrescribe: true };
    expect((await call('POST', '/api/v1/practitioners', 'admin', resident)).status).toBe(422);
    const supervisor = await tenant.addPractitioner();
    expect((await call('POST', '/api/v1/practitioners', 'admin', { ...resident, supervisingPractitionerId: supervisor })).status).toBe(201);
  });

  it('When a nurse is given prescriptive authority, then it is refused', async () => {
    expect((await call('POST', '/api/v1/practitioners', 'admin', { givenName: 'N', familyName: 'N', kind: 'nurse', canPrescribe: true })).status).toBe(422);
  });

  it('When a practitioner is removed, then they are deactivated, not deleted', async () => {
    const id = await tenant.addPractitioner();
    expect((await call('DELETE', `/api/v1/practitioners/${id}`, 'admin')).status).toBe(204);
    expect((await call('GET', `/api/v1/practitioners/${id}`, 'nurse')).body.active).toBe(false);
  });
});

describe('departments and coverage', () => {
  it('When an admin sets a lead and on-call practitioner and adds members, then members are listed', async () => {
    const lead = await tenant.addPractitioner();
    const dept = await call('POST', '/api/v1/departments', 'admin', { name: `Cardiology ${randomUUID().slice(0, 4)}`, leadPractitionerId: lead, onCallPractitionerId: lead });
    expect(dept.status).toBe(201);
    expect((await call('PUT', `/api/v1/departments/${dept.body.id}/members/${tenant.users.nurse.id}`, 'admin')).status).toBe(204);
    expect((await call('PUT', `/api/v1/departments/${dept.body.id}/members/${tenant.users.patient.id}`, 'admin')).status).toBe(422);
    const members = await call('GET', `/api/v1/departments/${dept.body.id}/members`, 'physician');
    expect(members.body.items).toEqual([expect.objectContaining({ userId: tenant.users.nurse.id, role: 'nurse' })]);
  });

  it('When a physician arranges cover for their own absence, then it works; for a colleague, then it is forbidden', async () => {
    const own = tenant.users.physician.practitionerId!;
    const colleague = await tenant.addPractitioner();
    const period = { startsAt: '2031-05-01T08:00:00Z', endsAt: '2031-05-03T08:00:00Z' };
    expect((await call('POST', '/api/v1/coverage', 'physician', { practitionerId: own, coveringPractitionerId: colleague, ...period })).status).toBe(201);
    expect((await call('POST', '/api/v1/coverage', 'physician', { practitionerId: colleague, coveringPractitionerId: own, ...period })).status).toBe(403);
  });

  it('When coverage is in force, then the covering practitioner is found for escalation', async () => {
    const away = await tenant.addPractitioner();
    const cover = await tenant.addPractitioner();
    await call('POST', '/api/v1/coverage', 'scheduler', {
      practitionerId: away,
      coveringPractitionerId: cover,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(await tenant.scoped((trx) => findCoveringPractitioner(trx, away))).toBe(cover);
    expect(await tenant.scoped((trx) => findCoveringPractitioner(trx, away, new Date(Date.now() + 7_200_000)))).toBeUndefined();
  });

  it('When coverage ends before it starts, then it is refused', async () => {
    const res = await call('POST', '/api/v1/coverage', 'admin', {
      practitionerId: await tenant.addPractitioner(),
      coveringPractitionerId: await tenant.addPractitioner(),
      startsAt: '2031-05-03T08:00:00Z',
      endsAt: '2031-05-01T08:00:00Z',
    });
    expect(res.status).toBe(400);
  });
});

describe('users and tenant settings', () => {
  it('When an admin creates a patient user without a patient record, then it is refused', async () => {
    const res = await call('POST', '/api/v1/users', 'admin', { email: `p-${randomUUID()}@example.test`, displayName: 'P', role: 'patient', password: 'a-long-initial-password' });
    expect(res.status).toBe(422);
  });

  it('When an admin creates a user, then that user can sign in with the initial password', async () => {
    const email = `sched-${randomUUID()}@example.test`;
    expect((await call('POST', '/api/v1/users', 'admin', { email, displayName: 'New scheduler', role: 'scheduler', password: 'a-long-initial-password' })).status).toBe(201);
    const login = await api(stack.baseUrl, 'POST', '/api/v1/auth/login', { body: { tenant: tenant.slug, email, password: 'a-long-initial-password' } });
    expect(login.status).toBe(200);
  });

  it('When an admin tries to demote themselves, then it is refused', async () => {
    expect((await call('PATCH', `/api/v1/users/${tenant.users.admin.id}`, 'admin', { role: 'nurse' })).status).toBe(409);
  });

  it('When an admin disables a user, then the user’s session ends at once', async () => {
    const user = await tenant.addUser('nurse');
    expect((await call('PATCH', `/api/v1/users/${user.id}`, 'admin', { disabled: true })).status).toBe(200);
    expect((await api(stack.baseUrl, 'GET', '/api/v1/auth/me', { token: user.accessToken })).status).toBe(401);
  });

  it('When an admin resets a user’s MFA, then the user must enrol again at next sign-in', async () => {
    const physician = await tenant.addUser('physician');
    expect((await call('POST', `/api/v1/users/${physician.id}/mfa-reset`, 'admin')).body.mfaEnabled).toBe(false);
    const login = await api(stack.baseUrl, 'POST', '/api/v1/auth/login', { body: { tenant: tenant.slug, email: physician.email, password: physician.password } });
    expect(login.body.mfaEnrollmentRequired).toBe(true);
  });

  it('When an admin changes auth settings, then they are merged, validated and returned', async () => {
    const res = await call('PATCH', '/api/v1/tenant', 'admin', { settings: { auth: { idleTimeoutSeconds: 600 }, messaging: { note: 'kept' } } });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({ auth: { idleTimeoutSeconds: 600 }, messaging: { note: 'kept' } });
    expect((await call('PATCH', '/api/v1/tenant', 'admin', { settings: { auth: { mfaRequiredRoles: ['integration'] } } })).status).toBe(400);
  });
});
