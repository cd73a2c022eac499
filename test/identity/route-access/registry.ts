import { allow, STAFF, type RouteCase } from './expectations.js';

const READERS = [...STAFF, 'ops' as const];
const ADMIN = allow(['admin']);

/**
 * Patients, practitioners, departments and coverage. Record routes name another patient than the
 * patient user's own, so a patient gets 404 (may act on patients, not on that one).
 */
export const registryRoutes: Record<string, RouteCase> = {
  'GET /api/v1/patients': { expect: allow([...READERS, 'patient']), phi: true, request: () => ({ path: '/api/v1/patients?limit=5' }) },
  'POST /api/v1/patients': {
    expect: allow(['admin', 'scheduler', 'nurse']),
    phi: true,
    request: () => ({
      path: '/api/v1/patients',
      body: { mrn: `MRN-${Math.random().toString(36).slice(2)}`, givenName: 'Route', familyName: 'Check', birthDate: '1970-01-01' },
    }),
  },
  'GET /api/v1/patients/{id}': {
    expect: allow(READERS, { patient: 404 }),
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/patients/${await owner.addPatient()}` }),
  },
  'PATCH /api/v1/patients/{id}': {
    expect: allow(['admin', 'scheduler', 'nurse', 'physician'], { patient: 404 }),
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/patients/${await owner.addPatient()}`, body: { language: 'es' } }),
  },
  'POST /api/v1/patients/{id}/consent': {
    expect: allow(['admin', 'scheduler', 'nurse'], { patient: 404 }),
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/patients/${await owner.addPatient()}/consent`, body: { channel: 'sms', status: 'revoked', source: 'staff' } }),
  },
  'GET /api/v1/patients/{id}/record-export': {
    // The patient user's own record: only they may export it; staff read it through their own views.
    expect: allow(['patient']),
    phi: true,
    request: ({ owner }) => ({ path: `/api/v1/patients/${owner.ownPatientId}/record-export` }),
  },
  'POST /api/v1/patients/{id}/record-release': {
    // Release of information at a patient's written request: administrators only.
    expect: allow(['admin']),
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/patients/${await owner.addPatient()}/record-release`, body: { requestReference: 'ROI-1', requestedBy: 'patient' } }),
  },
  'GET /api/v1/patients/{id}/consent-events': {
    expect: allow(['admin', 'scheduler', 'nurse', 'physician'], { patient: 404 }),
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/patients/${await owner.addPatient()}/consent-events` }),
  },

  'GET /api/v1/practitioners': { expect: allow(READERS), request: () => ({ path: '/api/v1/practitioners' }) },
  'POST /api/v1/practitioners': {
    expect: ADMIN,
    request: () => ({ path: '/api/v1/practitioners', body: { givenName: 'Route', familyName: 'Check', kind: 'nurse' } }),
  },
  'GET /api/v1/practitioners/{id}': { expect: allow(READERS), request: async ({ owner }) => ({ path: `/api/v1/practitioners/${await owner.addPractitioner()}` }) },
  'PATCH /api/v1/practitioners/{id}': {
    expect: ADMIN,
    request: async ({ owner }) => ({ path: `/api/v1/practitioners/${await owner.addPractitioner()}`, body: { specialty: 'Cardiology' } }),
  },
  'DELETE /api/v1/practitioners/{id}': { expect: ADMIN, request: async ({ owner }) => ({ path: `/api/v1/practitioners/${await owner.addPractitioner()}` }) },

  'GET /api/v1/departments': { expect: allow(READERS), request: () => ({ path: '/api/v1/departments' }) },
  'POST /api/v1/departments': { expect: ADMIN, request: () => ({ path: '/api/v1/departments', body: { name: `Dept ${Math.random()}` } }) },
  'GET /api/v1/departments/{id}': { expect: allow(READERS), request: async ({ owner }) => ({ path: `/api/v1/departments/${await owner.addDepartment()}` }) },
  'PATCH /api/v1/departments/{id}': {
    expect: ADMIN,
    request: async ({ owner }) => ({ path: `/api/v1/departments/${await owner.addDepartment()}`, body: { specialty: 'Oncology' } }),
  },
  'DELETE /api/v1/departments/{id}': { expect: ADMIN, request: async ({ owner }) => ({ path: `/api/v1/departments/${await owner.addDepartment()}` }) },
  'GET /api/v1/departments/{id}/members': {
    expect: allow(READERS),
    request: async ({ owner }) => ({ path: `/api/v1/departments/${await owner.addDepartment()}/members` }),
  },
  'PUT /api/v1/departments/{id}/members/{userId}': {
    expect: ADMIN,
    request: async ({ owner }) => ({ path: `/api/v1/departments/${await owner.addDepartment()}/members/${owner.users.nurse.id}` }),
  },
  'DELETE /api/v1/departments/{id}/members/{userId}': {
    expect: ADMIN,
    request: async ({ owner }) => {
      const departmentId = await owner.addDepartment();
      await owner.scoped((trx) => trx('department_members').insert({ tenant_id: owner.id, department_id: departmentId, user_id: owner.users.nurse.id }));
      return { path: `/api/v1/departments/${departmentId}/members/${owner.users.nurse.id}` };
    },
  },

  'GET /api/v1/coverage': { expect: allow(READERS), request: () => ({ path: '/api/v1/coverage' }) },
  'POST /api/v1/coverage': {
    // A physician may arrange cover only for themselves; this one is for a colleague.
    expect: allow(['admin', 'scheduler']),
    request: async ({ owner }) => ({
      path: '/api/v1/coverage',
      body: {
        practitionerId: await owner.addPractitioner(),
        coveringPractitionerId: await owner.addPractitioner(),
        startsAt: new Date(Date.now() + 3600_000).toISOString(),
        endsAt: new Date(Date.now() + 7200_000).toISOString(),
      },
    }),
  },
  'GET /api/v1/coverage/{id}': {
    expect: allow(READERS),
    request: async ({ owner }) => ({ path: `/api/v1/coverage/${await owner.addCoverage(await owner.addPractitioner(), await owner.addPractitioner())}` }),
  },
  'PATCH /api/v1/coverage/{id}': {
    // Physicians may change cover only for their own absences; this one is a colleague's.
    expect: allow(['admin', 'scheduler']),
    recordLevelDenials: ['physician'],
    request: async ({ owner }) => ({
      path: `/api/v1/coverage/${await owner.addCoverage(await owner.addPractitioner(), await owner.addPractitioner())}`,
      body: { reason: 'conference' },
    }),
  },
  'DELETE /api/v1/coverage/{id}': {
    expect: allow(['admin', 'scheduler']),
    recordLevelDenials: ['physician'],
    request: async ({ owner }) => ({ path: `/api/v1/coverage/${await owner.addCoverage(await owner.addPractitioner(), await owner.addPractitioner())}` }),
  },
};
