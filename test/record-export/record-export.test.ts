import { book, type Clinic, createClinic, inSeconds } from '../appointments/support.js';
import { submitOru, waitForTask } from '../lab-results/routing-helpers.js';
import { equipLabTenant, eventually, labMessaging, type LabTenant, SODIUM, unique } from '../lab-results/support.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';

/**
 * A patient's copy of their record: the sections the portal shows them, gathered in one document,
 * and nothing the portal hides (a preliminary lab result, staff-only fields, other patients).
 */
let stack: TestStack;
let clinic: Clinic;
let lab: LabTenant;
let messaging: Awaited<ReturnType<typeof labMessaging>>;
let patientId: string;
let appointmentId: string;
let finalReportId: string;
let preliminaryReportId: string;

beforeAll(async () => {
  stack = await startTestStack();
  messaging = await labMessaging(stack);
  await stack.startWorker(messaging.overrides);
  clinic = await createClinic(stack);
  lab = await equipLabTenant(clinic.tenant);
  patientId = clinic.tenant.ownPatientId;
  lab.patient = { id: patientId, mrn: `OWN${unique()}` };
  await clinic.tenant.scoped((trx) => trx('patients').where({ id: patientId }).update({ mrn: lab.patient.mrn }));

  const staff = clinic.tenant.token('nurse');
  const consent = await api(stack.baseUrl, 'POST', `/api/v1/patients/${patientId}/consent`, { token: staff, body: { channel: 'email', status: 'granted', source: 'front-desk' } });
  const allergy = await api(stack.baseUrl, 'POST', `/api/v1/patients/${patientId}/allergies`, { token: staff, body: { substance: 'penicillins', reaction: 'hives', severity: 'moderate' } });
  const booked = await book(stack, clinic, { patientId, startsAt: inSeconds(3_600) });
  expect([consent.status, allergy.status, booked.status]).toEqual([200, 201, 201]);
  appointmentId = booked.body.id as string;

  const oru = (reportStatus: 'F' | 'P') => ({
    pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`,
    filler: `ACC-${unique()}`,
    providerNpi: lab.orderer.npi,
    reportStatus,
    obx: [{ code: SODIUM, value: '131', units: 'mmol/L', range: '136-145', flags: 'L' }],
  });
  finalReportId = await submitOru(stack, lab, oru('F'));
  preliminaryReportId = await submitOru(stack, lab, oru('P'));
  await waitForTask(stack, finalReportId, 'lab-result-review');
  await eventually(async () => ((await stack.ownerDb('lab_reports').where({ id: finalReportId }).first()).released_at ? true : undefined));
  // The patient is told a result is available; let that message settle so both reads agree on it.
  // (A text is settled once Twilio's callback says delivered; an e-mail once the SMTP server took it.)
  await eventually(
    async () =>
      (await stack
        .ownerDb('message_deliveries')
        .where({ patient_id: patientId, template: 'result.available' })
        .andWhere((q) => void q.where('status', 'delivered').orWhere({ channel: 'email', status: 'sent' }))
        .first()) ?? undefined,
    20_000,
    'the result notice to be sent',
  );
}, 90_000);
afterAll(async () => {
  await stack?.close();
  await messaging?.close();
});

const release = (token: string, id: string, body: unknown = { requestReference: 'ROI-2026-0042', requestedBy: 'patient' }) =>
  api(stack.baseUrl, 'POST', `/api/v1/patients/${id}/record-release`, { token, body });
const exportOf = (token: string, id: string) => api(stack.baseUrl, 'GET', `/api/v1/patients/${id}/record-export`, { token });
const portal = async (token: string, path: string) => {
  const res = await api(stack.baseUrl, 'GET', path, { token });
  expect(res.status).toBe(200);
  return res.body as { items?: unknown[] } & Record<string, unknown>;
};
const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe('record export', () => {
  it('When a patient exports their record, then it holds what the portal shows them, as a download that is not cached', async () => {
    const token = clinic.tenant.token('patient');
    const res = await exportOf(token, patientId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="health-record-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const record = res.body;
    expect(record).toMatchObject({ format: 'smartclinix.patient-record.v1', patient: { id: patientId, mrn: lab.patient.mrn } });

    expect(ids(record.appointments)).toEqual([appointmentId]);
    expect(record.allergies).toEqual([expect.objectContaining({ substance: 'penicillins', reaction: 'hives', severity: 'moderate' })]);
    expect(record.communications).toEqual([expect.objectContaining({ direction: 'outbound', template: 'result.available', purpose: 'patient-notice' })]);
    expect(record.consentEvents).toEqual(expect.arrayContaining([expect.objectContaining({ channel: 'email', status: 'granted', source: 'front-desk' })]));
    // Released results only: the preliminary one is not the patient's to see yet.
    expect(ids(record.labResults)).toEqual([finalReportId]);
    expect(ids(record.labResults)).not.toContain(preliminaryReportId);
    expect(record.labResults[0].observations).toEqual([expect.objectContaining({ code: SODIUM, value: { kind: 'numeric', value: 131 } })]);
    for (const staffOnly of ['timeline', 'orderingPractitionerId', 'workflowId', 'criticalNotifications', 'history']) expect(record.labResults[0][staffOnly]).toBeUndefined();

    // Section by section, the same as the portal's own answers.
    expect(record.patient).toEqual(await portal(token, `/api/v1/patients/${patientId}`));
    expect(record.labResults).toEqual([await portal(token, `/api/v1/lab-results/${finalReportId}`)]);
    expect(record.appointments).toEqual((await portal(token, `/api/v1/appointments?patientId=${patientId}&limit=100`)).items);
    expect(record.communications).toEqual((await portal(token, `/api/v1/patients/${patientId}/communications?limit=100`)).items);
    expect(record.allergies).toEqual((await portal(token, `/api/v1/patients/${patientId}/allergies`)).items);
  });

  it('When a patient exports their record, then one audit event records the export with the count of each section', async () => {
    const res = await exportOf(clinic.tenant.token('patient'), patientId);
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id');
    const event = await stack.ownerDb('audit_events').where({ request_id: requestId, action: 'export' }).first();
    expect(event).toMatchObject({ entity_type: 'Patient', entity_id: patientId, patient_id: patientId, outcome: 'allowed' });
    const counts = (event.details as { counts: Record<string, number> }).counts;
    for (const [section, value] of Object.entries(res.body)) if (Array.isArray(value)) expect({ section, count: counts[section] }).toEqual({ section, count: value.length });
  });

  it('When a patient names another patient, then that record does not exist for them, and the attempt is audited', async () => {
    const otherPatient = await clinic.tenant.addPatient();
    const res = await exportOf(clinic.tenant.token('patient'), otherPatient);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const denial = await stack.ownerDb('audit_events').where({ request_id: res.headers.get('x-request-id'), outcome: 'denied' }).first();
    expect(denial).toMatchObject({ action: 'export', entity_type: 'Patient', entity_id: otherPatient });
  });

  it('When staff ask for an export, then they are refused: staff read the record through their own views', async () => {
    for (const role of ['admin', 'physician', 'nurse', 'ops'] as const) {
      expect({ role, status: (await exportOf(clinic.tenant.token(role), patientId)).status }).toEqual({ role, status: 403 });
    }
  });

  it('When an administrator releases the record at the patient’s written request, then it is the very copy the patient would export, audited as the administrator’s in the patient’s place', async () => {
    const own = await exportOf(clinic.tenant.token('patient'), patientId);
    const released = await release(clinic.tenant.token('admin'), patientId);
    expect(released.status).toBe(200);
    expect(released.headers.get('content-disposition')).toMatch(/^attachment; filename="health-record-/);
    expect(released.headers.get('cache-control')).toBe('no-store');
    const { exportedAt: _own, ...ownRecord } = own.body as Record<string, unknown>;
    const { exportedAt: _released, ...releasedRecord } = released.body as Record<string, unknown>;
    expect(releasedRecord).toEqual(ownRecord);
    // Not the administrator's own view: the preliminary result and staff-only fields stay out.
    expect(ids(released.body.labResults)).toEqual([finalReportId]);
    expect(released.body.labResults[0].timeline).toBeUndefined();

    const events = await stack.ownerDb('audit_events').where({ request_id: released.headers.get('x-request-id') }).orderBy('seq');
    expect(events.length).toBeGreaterThan(1);
    for (const event of events) {
      expect(event).toMatchObject({ actor_type: 'user', actor_id: clinic.tenant.users.admin.id, actor_role: 'admin', outcome: 'allowed' });
    }
    const inPlace = events.filter((e) => (e.details as { inPlaceOfPatient?: string }).inPlaceOfPatient === patientId);
    expect(inPlace.map((e) => e.action)).toContain('export');
    expect(events.find((e) => e.action === 'export')!.details).toMatchObject({ release: { requestReference: 'ROI-2026-0042', requestedBy: 'patient' }, inPlaceOfPatient: patientId });
  });

  it('When anyone but an administrator asks for a release, or the request has no reference, or the patient is unknown, then nothing is released', async () => {
    for (const role of ['scheduler', 'physician', 'nurse', 'ops', 'patient'] as const) {
      expect({ role, status: (await release(clinic.tenant.token(role), patientId)).status }).toEqual({ role, status: 403 });
    }
    const admin = clinic.tenant.token('admin');
    const unreferenced = await release(admin, patientId, { requestedBy: 'patient' });
    expect(unreferenced.status).toBe(400);
    expect(unreferenced.body.errors).toEqual([expect.objectContaining({ pointer: '/body/requestReference' })]);
    expect((await release(admin, patientId, { requestReference: 'a note with spaces', requestedBy: 'neighbour' })).status).toBe(400);
    const unknown = await release(admin, '7c9e6679-7425-40de-944b-e07fc1f90ae7');
    expect(unknown.status).toBe(404);
    expect(await stack.ownerDb('audit_events').where({ request_id: unknown.headers.get('x-request-id'), action: 'disclose', outcome: 'denied' })).toHaveLength(1);
  });
});

