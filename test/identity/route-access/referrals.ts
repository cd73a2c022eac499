import { randomUUID } from 'node:crypto';
import { sealClinical } from '../../../src/referrals/clinical-box.js';
import { referralSettingsOf, referralSettingsView } from '../../../src/referrals/settings/referral-settings.js';
import { type ReferralStatus, referralWorkflowId } from '../../../src/workflows/shared/referral.js';
import { type TestTenant } from '../../support/identity.js';
import { type TestStack } from '../../support/stack.js';
import { allow, type RouteCase } from './expectations.js';

/**
 * A referral written straight to the database (no workflow runs in this test), referred by the
 * tenant's physician unless `byOther`; its patient is the patient user's own record.
 */
async function seedReferral(stack: TestStack, owner: TestTenant, status: ReferralStatus, byOther = false): Promise<string> {
  const referrer = byOther ? await owner.addPractitioner() : owner.users.physician.practitionerId!;
  const departmentId = await owner.addDepartment();
  const id = randomUUID();
  await owner.scoped((trx) =>
    trx('referrals').insert({
      id,
      tenant_id: owner.id,
      patient_id: owner.ownPatientId,
      referring_practitioner_id: referrer,
      target_kind: 'department',
      target_department_id: departmentId,
      urgency: 'routine',
      clinical_sealed: sealClinical(stack.config.payloadKeys, id, { reason: 'Route check', clinicalQuestion: 'Route check' }),
      status,
      workflow_id: referralWorkflowId(id),
      created_by: 'test:route-access',
    }),
  );
  return id;
}

const body = { accept: {}, decline: { reason: 'not-indicated' }, 'request-info': { question: 'Route check?' }, 'answer-info': { answer: 'Route check.' }, report: { text: 'Route check.' }, close: {} };
/** Roles that may take the action at all: anyone else gets 403 from the route; the physician is not on this referral. */
const actionCase = (action: keyof typeof body): RouteCase => ({
  expect: allow([], { physician: 404 }),
  phi: true,
  request: async ({ stack, owner }) => ({ path: `/api/v1/referrals/${await seedReferral(stack, owner, 'received', true)}/${action}`, body: body[action] }),
});

/**
 * Referrals. Record routes name a referral of the patient user's own record, sent by the tenant's
 * physician and accepted (so schedulers may see it). Decisions need the referral's workflow (not
 * running in this test): they name a referral the physician is not on (404); their success paths
 * are in test/referrals.
 */
export const referralRoutes: Record<string, RouteCase> = {
  'POST /api/v1/referrals': {
    expect: allow(['physician']),
    phi: true,
    request: async ({ owner }) => ({
      path: '/api/v1/referrals',
      body: {
        patientId: await owner.addPatient(),
        target: { kind: 'department', departmentId: await owner.addDepartment() },
        urgency: 'routine',
        reason: 'Route check',
        clinicalQuestion: 'Route check',
        draft: true,
      },
    }),
  },
  'GET /api/v1/referrals': { expect: allow(['admin', 'scheduler', 'physician', 'nurse', 'ops', 'patient']), phi: true, request: () => ({ path: '/api/v1/referrals?limit=5' }) },
  'GET /api/v1/referrals/stats': {
    expect: allow(['admin', 'physician', 'ops']),
    request: () => ({ path: `/api/v1/referrals/stats?from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date().toISOString())}` }),
  },
  'GET /api/v1/referrals/{id}': {
    expect: allow(['admin', 'scheduler', 'physician', 'ops', 'patient'], { nurse: 404 }),
    phi: true,
    request: async ({ stack, owner }) => ({ path: `/api/v1/referrals/${await seedReferral(stack, owner, 'accepted')}` }),
  },
  'GET /api/v1/referrals/{id}/workflow': {
    expect: allow(['admin', 'ops']),
    request: async ({ stack, owner }) => ({ path: `/api/v1/referrals/${await seedReferral(stack, owner, 'accepted')}/workflow` }),
  },
  'POST /api/v1/referrals/{id}/release': {
    expect: allow(['physician']),
    phi: true,
    request: async ({ stack, owner }) => ({ path: `/api/v1/referrals/${await seedReferral(stack, owner, 'draft')}/release` }),
  },
  'POST /api/v1/referrals/{id}/cancel': {
    expect: allow(['admin', 'physician']),
    phi: true,
    request: async ({ stack, owner }) => ({ path: `/api/v1/referrals/${await seedReferral(stack, owner, 'draft')}/cancel`, body: { reason: 'route-check' } }),
  },
  'POST /api/v1/referrals/{id}/reroute': {
    expect: allow([], { physician: 404 }),
    phi: true,
    request: async ({ stack, owner }) => ({
      path: `/api/v1/referrals/${await seedReferral(stack, owner, 'received', true)}/reroute`,
      body: { target: { kind: 'department', departmentId: await owner.addDepartment() } },
    }),
  },
  'POST /api/v1/referrals/{id}/accept': actionCase('accept'),
  'POST /api/v1/referrals/{id}/decline': actionCase('decline'),
  'POST /api/v1/referrals/{id}/request-info': actionCase('request-info'),
  'POST /api/v1/referrals/{id}/answer-info': actionCase('answer-info'),
  'POST /api/v1/referrals/{id}/report': actionCase('report'),
  'POST /api/v1/referrals/{id}/close': actionCase('close'),
  'GET /api/v1/settings/referrals': { expect: allow(['admin', 'ops']), request: () => ({ path: '/api/v1/settings/referrals' }) },
  'PUT /api/v1/settings/referrals': {
    expect: allow(['admin']),
    // The defaults, written out: the owner tenants keep the SLAs they run with.
    request: () => ({ path: '/api/v1/settings/referrals', body: referralSettingsView(referralSettingsOf({})) }),
  },
};
