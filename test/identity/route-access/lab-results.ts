import { randomUUID } from 'node:crypto';
import { loincCheckDigit } from '../../../src/lab-results/settings/loinc.js';
import { readFhirFixture } from '../../fixtures/fhir/index.js';
import { submitOru, waitForTask } from '../../lab-results/routing-helpers.js';
import { buildOru, equipLabTenant, eventually, type LabTenant, type Obx, POTASSIUM, SODIUM, unique } from '../../lab-results/support.js';
import { api } from '../../support/http.js';
import { type TestTenant } from '../../support/identity.js';
import { type TestStack } from '../../support/stack.js';
import { allow, type RouteCase } from './expectations.js';
import { ensureWorker, perTenant, reusable } from './record-helpers.js';

const HL7_CONTENT_TYPE = 'x-application/hl7-v2+er7';

/** A tenant of the route-access test as a lab clinic, and who its results are ordered by and for. */
interface LabClinic {
  lab: LabTenant;
  /** NPI of the tenant's standing physician: results name them as the ordering provider. */
  physicianNpi: string;
  /** MRN of the patient user's own record. */
  ownMrn: string;
}

/** Sets the tenant up once: its integration key is the lab's service account (see test/lab-results/support.ts). */
const clinicOf = perTenant(async (_stack, owner): Promise<LabClinic> => {
  const lab = await equipLabTenant(owner);
  const [physician, own] = await owner.scoped((trx) =>
    Promise.all([
      trx('practitioners').where({ id: owner.users.physician.practitionerId }).first<{ npi: string }>('npi'),
      trx('patients').where({ id: owner.ownPatientId }).first<{ mrn: string }>('mrn'),
    ]),
  );
  return { lab, physicianNpi: physician.npi, ownMrn: own.mrn };
});

const NORMAL_SODIUM: Obx[] = [{ code: SODIUM, value: '139', units: 'mmol/L', range: '136-145', flags: 'N' }];
const CRITICAL_POTASSIUM: Obx[] = [{ code: POTASSIUM, value: '6.9', units: 'mmol/L', range: '3.5-5.1', flags: 'HH' }];

type Whose = 'another patient' | 'the patient user' | 'an unknown patient';

/**
 * A result the lab sends for a patient, ordered by the tenant's standing physician, once its workflow
 * has routed it (its task exists): matched results to the physician, an unknown patient's to the
 * reconciliation queue.
 */
async function labResult(stack: TestStack, owner: TestTenant, whose: Whose, obx: Obx[] = NORMAL_SODIUM): Promise<string> {
  await ensureWorker(stack);
  const { lab, physicianNpi, ownMrn } = await clinicOf(stack, owner);
  const mrn = whose === 'the patient user' ? ownMrn : whose === 'another patient' ? lab.patient.mrn : `MRN${unique()}`;
  const reportId = await submitOru(stack, lab, { pid3: `${mrn}^^^${lab.authority}^MR`, filler: `ACC-${unique()}`, providerNpi: physicianNpi, obx });
  const critical = obx.some((o) => o.flags === 'HH' || o.flags === 'LL');
  await waitForTask(stack, reportId, whose === 'an unknown patient' ? 'lab-result-reconciliation' : critical ? 'critical-result-ack' : 'lab-result-review');
  return reportId;
}

/** A routed result already released to its patient. */
async function releasedResult(stack: TestStack, owner: TestTenant, whose: Whose): Promise<string> {
  const reportId = await labResult(stack, owner, whose);
  await eventually(async () => ((await stack.ownerDb('lab_reports').where({ id: reportId }).first()).released_at ? true : undefined), 20_000, 'the release');
  return reportId;
}

/** A "preventing harm" hold for a week. */
const hold = () => ({ reason: 'Route check: to be discussed in person first', until: new Date(Date.now() + 7 * 86_400_000).toISOString() });

/** A result its physician has put on hold. */
async function heldResult(stack: TestStack, owner: TestTenant): Promise<string> {
  const reportId = await labResult(stack, owner, 'another patient');
  const held = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/hold`, { token: owner.token('physician'), body: hold() });
  if (held.status !== 200) throw new Error(`result not held: ${held.status} ${JSON.stringify(held.body)}`);
  return reportId;
}

const matchedResult = reusable((stack, owner) => labResult(stack, owner, 'another patient'), []);
const ownReleasedResult = reusable((stack, owner) => releasedResult(stack, owner, 'the patient user'), []);
const unmatchedResult = reusable((stack, owner) => labResult(stack, owner, 'an unknown patient'), ['nurse']);
const criticalResult = reusable((stack, owner) => labResult(stack, owner, 'another patient', CRITICAL_POTASSIUM), ['physician']);
const holdableResult = reusable((stack, owner) => labResult(stack, owner, 'another patient'), ['physician']);
const onHoldResult = reusable(heldResult, ['physician']);
const ORDERING_PHYSICIAN = allow(['physician']);
const ADMIN = allow(['admin']);

/** A LOINC-shaped code with a valid check digit that no other request uses. */
function freshLoinc(): string {
  const base = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
  return `${base}-${loincCheckDigit(base)}`;
}

/** An integration the tenant's administrator allow-listed, for a sender nobody else uses. */
const ownIntegration = perTenant(async (stack, owner): Promise<string> => {
  const res = await api(stack.baseUrl, 'POST', '/api/v1/lab-integrations', { token: owner.token('admin'), body: { name: 'Route check lab', sendingFacility: `RA_${unique()}` } });
  if (res.status !== 201) throw new Error(`integration not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
});

/** A critical range the tenant's administrator set, under a code of its own (to be deleted). */
async function ownRange(stack: TestStack, owner: TestTenant): Promise<string> {
  const code = freshLoinc();
  const res = await api(stack.baseUrl, 'PUT', `/api/v1/lab-critical-ranges/${code}`, { token: owner.token('admin'), body: { criticalLow: 1, criticalHigh: 9 } });
  if (res.status !== 200) throw new Error(`range not set: ${res.status} ${JSON.stringify(res.body)}`);
  return code;
}

/**
 * Lab configuration (no PHI): administrators manage integrations, critical ranges and timings;
 * ops read integrations (integration errors name their senders); physicians and nurses read the
 * critical-value list, physicians the timings. A range is addressed by its LOINC code: PUT creates
 * it in the caller's own tenant whatever another tenant has, so it has no cross-tenant case.
 */
const labConfigurationRoutes: Record<string, RouteCase> = {
  'GET /api/v1/lab-integrations': { expect: allow(['admin', 'ops']), request: () => ({ path: '/api/v1/lab-integrations' }) },
  'POST /api/v1/lab-integrations': {
    expect: ADMIN,
    request: () => ({ path: '/api/v1/lab-integrations', body: { name: 'Route check lab', sendingFacility: `RA_${unique()}`, sendingApplication: 'RA_LIS' } }),
  },
  'GET /api/v1/lab-integrations/{id}': {
    expect: allow(['admin', 'ops']),
    request: async ({ stack, owner }) => ({ path: `/api/v1/lab-integrations/${await ownIntegration(stack, owner)}` }),
  },
  'PATCH /api/v1/lab-integrations/{id}': {
    expect: ADMIN,
    request: async ({ stack, owner }) => ({ path: `/api/v1/lab-integrations/${await ownIntegration(stack, owner)}`, body: { name: 'Route check lab (renamed)' } }),
  },
  'GET /api/v1/lab-critical-ranges': { expect: allow(['admin', 'physician', 'nurse']), request: () => ({ path: '/api/v1/lab-critical-ranges' }) },
  'PUT /api/v1/lab-critical-ranges/{loincCode}': {
    expect: ADMIN,
    crossTenant: false,
    request: () => ({ path: `/api/v1/lab-critical-ranges/${freshLoinc()}`, body: { low: 1, high: 2, units: 'mmol/L' } }),
  },
  'DELETE /api/v1/lab-critical-ranges/{loincCode}': {
    expect: ADMIN,
    request: async ({ stack, owner }) => ({ path: `/api/v1/lab-critical-ranges/${await ownRange(stack, owner)}` }),
  },
  'GET /api/v1/lab-settings': { expect: allow(['admin', 'physician']), request: () => ({ path: '/api/v1/lab-settings' }) },
  'PATCH /api/v1/lab-settings': { expect: ADMIN, request: () => ({ path: '/api/v1/lab-settings', body: { reconciliationDueSeconds: 4 * 3600 } }) },
};

/**
 * Lab orders and results. Record routes name a result (or order) for another patient than the
 * patient user's own, ordered by the tenant's standing physician: the physician has a relationship
 * to it, ops see its workflow state, nurses only work unmatched results and a patient only their
 * own released ones (404); the other roles have no lab-result permission at all (403). Results
 * come in through the tenant's integration key, which only submits.
 */
export const labResultRoutes: Record<string, RouteCase> = {
  ...labConfigurationRoutes,
  'POST /api/v1/lab-orders': {
    expect: ORDERING_PHYSICIAN,
    phi: true,
    request: async ({ stack, owner }) => {
      const { lab } = await clinicOf(stack, owner);
      return { path: '/api/v1/lab-orders', body: { patientId: lab.patient.id, performingLabId: lab.integrationId, testCodes: [POTASSIUM], priority: 'urgent' } };
    },
  },
  'GET /api/v1/lab-orders/{id}': {
    expect: ORDERING_PHYSICIAN,
    phi: true,
    request: async ({ stack, owner }) => {
      const { lab } = await clinicOf(stack, owner);
      const order = await api(stack.baseUrl, 'POST', '/api/v1/lab-orders', {
        token: owner.token('physician'),
        body: { patientId: lab.patient.id, performingLabId: lab.integrationId, testCodes: [SODIUM] },
      });
      if (order.status !== 201) throw new Error(`order not placed: ${order.status} ${JSON.stringify(order.body)}`);
      return { path: `/api/v1/lab-orders/${order.body.id as string}` };
    },
  },

  'POST /api/v1/lab-results/hl7': {
    expect: allow(['integration']),
    phi: true,
    request: async ({ stack, owner }) => {
      const { lab, physicianNpi } = await clinicOf(stack, owner);
      return {
        path: '/api/v1/lab-results/hl7',
        headers: { 'content-type': HL7_CONTENT_TYPE },
        body: buildOru({ facility: lab.facility, controlId: `RA-${unique()}`, pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`, filler: `ACC-${unique()}`, providerNpi: physicianNpi, obx: NORMAL_SODIUM }),
      };
    },
  },
  'POST /api/v1/lab-results/fhir': {
    expect: allow(['integration']),
    phi: true,
    request: async ({ stack, owner }) => {
      await clinicOf(stack, owner);
      const bundle = { ...(readFhirFixture('lab-bundle-valid.json') as Record<string, unknown>), identifier: { system: 'urn:oid:2.16.840.1.113883.3.999.1.5', value: `RA-${randomUUID()}` } };
      return { path: '/api/v1/lab-results/fhir', headers: { 'content-type': 'application/fhir+json' }, body: bundle };
    },
  },
  'GET /api/v1/lab-results/integration-errors': { expect: allow(['admin', 'ops']), request: () => ({ path: '/api/v1/lab-results/integration-errors' }) },
  'GET /api/v1/lab-results/reports/critical-timeliness': {
    expect: allow(['admin', 'physician']),
    request: () => ({ path: '/api/v1/lab-results/reports/critical-timeliness' }),
  },

  'GET /api/v1/lab-results': {
    expect: allow(['physician', 'nurse', 'ops', 'patient']),
    phi: true,
    // Something for each reader (every result listed is audited): the physician's, an unmatched one, the patient's own released one.
    request: async (ctx) => {
      await Promise.all([matchedResult(ctx), unmatchedResult(ctx), ownReleasedResult(ctx)]);
      return { path: '/api/v1/lab-results?limit=5' };
    },
  },
  'GET /api/v1/lab-results/{id}': {
    expect: allow(['physician', 'ops'], { nurse: 404, patient: 404 }),
    phi: true,
    request: async (ctx) => ({ path: `/api/v1/lab-results/${await matchedResult(ctx)}` }),
  },
  'POST /api/v1/lab-results/{id}/acknowledge': {
    expect: ORDERING_PHYSICIAN,
    phi: true,
    request: async (ctx) => ({ path: `/api/v1/lab-results/${await criticalResult(ctx)}/acknowledge`, body: { readBack: 'Potassium 6.9 mmol/L' } }),
  },
  'POST /api/v1/lab-results/{id}/hold': {
    expect: ORDERING_PHYSICIAN,
    phi: true,
    request: async (ctx) => ({ path: `/api/v1/lab-results/${await holdableResult(ctx)}/hold`, body: hold() }),
  },
  'POST /api/v1/lab-results/{id}/release': {
    expect: ORDERING_PHYSICIAN,
    phi: true,
    request: async (ctx) => ({ path: `/api/v1/lab-results/${await onHoldResult(ctx)}/release` }),
  },
  'POST /api/v1/lab-results/{id}/reconcile': {
    // The reconciliation task is the nurse pool's; physicians may look at unmatched results, not match them.
    expect: allow(['nurse']),
    phi: true,
    request: async (ctx) => {
      const { lab } = await clinicOf(ctx.stack, ctx.owner);
      return {
        path: `/api/v1/lab-results/${await unmatchedResult(ctx)}/reconcile`,
        body: { patientId: lab.patient.id, orderingPractitionerId: ctx.owner.users.physician.practitionerId },
      };
    },
  },
};
