import { eventually } from '../../lab-results/support.js';
import { LISINOPRIL_ORDER, SERTRALINE } from '../../prescriptions/support.js';
import { api } from '../../support/http.js';
import { type TestTenant } from '../../support/identity.js';
import { type TestStack } from '../../support/stack.js';
import { allow, PUBLIC, type RouteCase } from './expectations.js';
import { ensureWorker, perTenant, reusable } from './record-helpers.js';

/**
 * The tenant's pharmacy: a directory entry on the development transport (the worker records what it
 * would send), whose service account is the tenant's integration key, so that key may ask for refills.
 */
const pharmacyOf = perTenant(async (stack, owner) => {
  const created = await api(stack.baseUrl, 'POST', '/api/v1/pharmacies', {
    token: owner.token('admin'),
    body: { name: 'Route check pharmacy', transport: 'dev', apiKeyId: owner.apiKeyId },
  });
  if (created.status !== 201) throw new Error(`pharmacy not added: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id as string;
});

async function waitForPrescription(stack: TestStack, owner: TestTenant, id: string, done: (rx: Record<string, any>) => boolean): Promise<void> {
  await eventually(async () => done((await api(stack.baseUrl, 'GET', `/api/v1/prescriptions/${id}`, { token: owner.token('physician') })).body as Record<string, any>), 20_000, 'the prescription');
}

/** A nurse's request for the tenant's physician to sign, screened and waiting in the physician's queue. */
async function awaitingSignature(stack: TestStack, owner: TestTenant, patientId?: string): Promise<string> {
  await ensureWorker(stack);
  const created = await api(stack.baseUrl, 'POST', '/api/v1/prescriptions', {
    token: owner.token('nurse'),
    body: { ...LISINOPRIL_ORDER, patientId: patientId ?? (await owner.addPatient()), prescriberId: owner.users.physician.practitionerId, pharmacyId: await pharmacyOf(stack, owner) },
  });
  if (created.status !== 201) throw new Error(`prescription not requested: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  await waitForPrescription(stack, owner, id, (rx) => rx.status === 'awaiting-decision' && Boolean(rx.workflow?.taskId));
  return id;
}

/** The patient user's own prescription, signed and sent to the tenant's pharmacy. */
const ownSentPrescription = perTenant(async (stack, owner) => {
  const id = await awaitingSignature(stack, owner, owner.ownPatientId);
  const signed = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/approve`, { token: owner.token('physician'), body: {} });
  if (signed.status !== 200) throw new Error(`prescription not signed: ${signed.status} ${JSON.stringify(signed.body)}`);
  await waitForPrescription(stack, owner, id, (rx) => rx.status === 'sent');
  return id;
});

/** The pharmacy's request to refill the patient user's prescription. */
async function pharmacyRefill(stack: TestStack, owner: TestTenant): Promise<string> {
  const refill = await api(stack.baseUrl, 'POST', '/api/v1/prescriptions/refill-requests', {
    headers: { 'x-api-key': owner.apiKey },
    body: { prescriptionId: await ownSentPrescription(stack, owner) },
  });
  if (refill.status !== 202) throw new Error(`refill not requested: ${refill.status} ${JSON.stringify(refill.body)}`);
  return refill.body.id as string;
}

/** A patient with an allergy and a medication on record, as a nurse records them. */
async function patientWith(stack: TestStack, owner: TestTenant, kind: 'allergies' | 'medications'): Promise<{ patientId: string; itemId: string }> {
  const patientId = await owner.addPatient();
  const body = kind === 'allergies' ? { substance: 'penicillins', reaction: 'hives', severity: 'moderate' } : { rxcui: SERTRALINE };
  const recorded = await api(stack.baseUrl, 'POST', `/api/v1/patients/${patientId}/${kind}`, { token: owner.token('nurse'), body });
  if (recorded.status !== 201) throw new Error(`${kind} not recorded: ${recorded.status} ${JSON.stringify(recorded.body)}`);
  return { patientId, itemId: recorded.body.id as string };
}

const awaitingForAnyone = reusable((stack, owner) => awaitingSignature(stack, owner), []);
const awaitingForSigner = reusable((stack, owner) => awaitingSignature(stack, owner), ['physician']);
const refillRequest = reusable(pharmacyRefill, []);

const CLINICIANS = allow(['physician', 'nurse']);
/** Clinical data of another patient than the patient user's own: a patient may read their own, not this. */
const CLINICIANS_NOT_THAT_PATIENT = allow(['physician', 'nurse'], { patient: 404 });

/**
 * Prescriptions, patients' allergies, medications and preferred pharmacy, the pharmacy directory and
 * the prescription settings. Record routes name another patient than the patient user's own (a
 * patient gets 404 where they may see their own), except refill requests, which concern the patient
 * user's own prescription, sent to the tenant's pharmacy, whose service account is the tenant's
 * integration key. Physicians sign; nurses prepare; pharmacists see the pharmacy side; ops workflow state.
 */
export const prescriptionRoutes: Record<string, RouteCase> = {
  'POST /api/v1/prescriptions': {
    expect: CLINICIANS,
    phi: true,
    request: async ({ stack, owner }) => {
      await ensureWorker(stack);
      return {
        path: '/api/v1/prescriptions',
        body: { ...LISINOPRIL_ORDER, patientId: await owner.addPatient(), prescriberId: owner.users.physician.practitionerId, pharmacyId: await pharmacyOf(stack, owner) },
      };
    },
  },
  'GET /api/v1/prescriptions': {
    expect: allow(['physician', 'nurse', 'pharmacist', 'ops', 'patient']),
    phi: true,
    // The patient user's own prescription is in everyone's list (every prescription listed is audited).
    request: async ({ stack, owner }) => {
      await ownSentPrescription(stack, owner);
      return { path: '/api/v1/prescriptions?limit=5' };
    },
  },
  'GET /api/v1/prescriptions/notices': { expect: allow(['physician', 'nurse', 'patient']), phi: true, request: () => ({ path: '/api/v1/prescriptions/notices' }) },
  'GET /api/v1/prescriptions/{id}': {
    expect: allow(['physician', 'nurse', 'pharmacist', 'ops'], { patient: 404 }),
    phi: true,
    request: async (ctx) => ({ path: `/api/v1/prescriptions/${await awaitingForAnyone(ctx)}` }),
  },
  'POST /api/v1/prescriptions/{id}/approve': {
    // A nurse may approve protocol refills, not sign this request.
    expect: allow(['physician']),
    recordLevelDenials: ['nurse'],
    phi: true,
    request: async (ctx) => ({ path: `/api/v1/prescriptions/${await awaitingForSigner(ctx)}/approve`, body: {} }),
  },
  'POST /api/v1/prescriptions/{id}/deny': {
    expect: allow(['physician']),
    phi: true,
    request: async (ctx) => ({ path: `/api/v1/prescriptions/${await awaitingForSigner(ctx)}/deny`, body: { reason: 'Route check: not indicated' } }),
  },
  'POST /api/v1/prescriptions/refill-requests': {
    expect: allow(['patient', 'integration']),
    phi: true,
    request: async ({ stack, owner }) => ({ path: '/api/v1/prescriptions/refill-requests', body: { prescriptionId: await ownSentPrescription(stack, owner) } }),
  },
  'GET /api/v1/prescriptions/refill-requests/{id}': {
    expect: allow(['patient', 'integration']),
    phi: true,
    request: async (ctx) => ({ path: `/api/v1/prescriptions/refill-requests/${await refillRequest(ctx)}` }),
  },

  'GET /api/v1/patients/{id}/allergies': {
    expect: CLINICIANS_NOT_THAT_PATIENT,
    phi: true,
    request: async ({ stack, owner }) => ({ path: `/api/v1/patients/${(await patientWith(stack, owner, 'allergies')).patientId}/allergies` }),
  },
  'POST /api/v1/patients/{id}/allergies': {
    expect: CLINICIANS,
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/patients/${await owner.addPatient()}/allergies`, body: { substance: 'sulfonamides', severity: 'mild' } }),
  },
  'PATCH /api/v1/patients/{id}/allergies/{itemId}': {
    expect: CLINICIANS,
    phi: true,
    request: async ({ stack, owner }) => {
      const { patientId, itemId } = await patientWith(stack, owner, 'allergies');
      return { path: `/api/v1/patients/${patientId}/allergies/${itemId}`, body: { severity: 'severe' } };
    },
  },
  'GET /api/v1/patients/{id}/medications': {
    expect: CLINICIANS_NOT_THAT_PATIENT,
    phi: true,
    request: async ({ stack, owner }) => ({ path: `/api/v1/patients/${(await patientWith(stack, owner, 'medications')).patientId}/medications` }),
  },
  'POST /api/v1/patients/{id}/medications': {
    expect: CLINICIANS,
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/patients/${await owner.addPatient()}/medications`, body: { rxcui: SERTRALINE } }),
  },
  'PATCH /api/v1/patients/{id}/medications/{itemId}': {
    expect: CLINICIANS,
    phi: true,
    request: async ({ stack, owner }) => {
      const { patientId, itemId } = await patientWith(stack, owner, 'medications');
      return { path: `/api/v1/patients/${patientId}/medications/${itemId}`, body: { status: 'stopped' } };
    },
  },
  'GET /api/v1/patients/{id}/pharmacy': {
    expect: CLINICIANS_NOT_THAT_PATIENT,
    phi: true,
    request: async ({ owner }) => ({ path: `/api/v1/patients/${await owner.addPatient()}/pharmacy` }),
  },
  'PUT /api/v1/patients/{id}/pharmacy': {
    expect: CLINICIANS_NOT_THAT_PATIENT,
    phi: true,
    request: async ({ stack, owner }) => ({ path: `/api/v1/patients/${await owner.addPatient()}/pharmacy`, body: { pharmacyId: await pharmacyOf(stack, owner) } }),
  },

  // Our public key for pharmacies' authorization servers: public by nature.
  'GET /api/v1/pharmacy-client/jwks.json': { expect: PUBLIC, request: () => ({ path: '/api/v1/pharmacy-client/jwks.json' }) },
  'GET /api/v1/pharmacies': { expect: allow(['admin', 'physician', 'nurse', 'pharmacist', 'patient']), request: () => ({ path: '/api/v1/pharmacies' }) },
  'POST /api/v1/pharmacies': {
    expect: allow(['admin']),
    request: () => ({ path: '/api/v1/pharmacies', body: { name: 'Route check pharmacy', transport: 'dev', phone: '+1 555 010 0142' } }),
  },
  'PATCH /api/v1/pharmacies/{id}': {
    expect: allow(['admin']),
    request: async ({ stack, owner }) => ({ path: `/api/v1/pharmacies/${await pharmacyOf(stack, owner)}`, body: { phone: '+1 555 010 0143' } }),
  },
  'GET /api/v1/prescription-settings': { expect: allow(['admin', 'physician', 'nurse']), request: () => ({ path: '/api/v1/prescription-settings' }) },
  'PUT /api/v1/prescription-settings': {
    expect: allow(['admin']),
    // The deployment's default reminder delay, so the tenant's prescriptions behave as before.
    request: ({ stack }) => ({ path: '/api/v1/prescription-settings', body: { remindAfterSeconds: stack.config.prescriptions.remindAfterSeconds } }),
  },
};
