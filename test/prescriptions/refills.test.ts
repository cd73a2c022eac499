import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prescriptionWorkflowId } from '../../src/workflows/shared/prescription.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { eventually } from '../support/eventually.js';
import { createRxClinic, LISINOPRIL, type RxClinic, startPrescriptionWorker } from './support.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  await startPrescriptionWorker(stack);
});
afterAll(() => stack?.close());

/** A lisinopril prescription that reached the pharmacy (what a refill refers to). */
async function sentPrescription(clinic: RxClinic, patientId?: string): Promise<string> {
  const created = await clinic.request(clinic.nurse, patientId ?? (await clinic.addPatient()));
  await clinic.waitFor(created.body.id, (rx) => rx.status === 'awaiting-decision' && rx.workflow?.taskId);
  const approved = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${created.body.id}/approve`, { token: clinic.physician.accessToken, body: {} });
  expect(approved.status).toBe(200);
  await clinic.waitFor(created.body.id, (rx) => rx.status === 'sent');
  return created.body.id;
}

const refillAsPharmacy = (clinic: RxClinic, prescriptionId: string, key?: string) =>
  api(stack.baseUrl, 'POST', '/api/v1/prescriptions/refill-requests', {
    headers: { 'x-api-key': clinic.tenant.apiKey, ...(key && { 'idempotency-key': key }) },
    body: { prescriptionId },
  });

describe('refills under the tenant protocol', () => {
  let clinic: RxClinic;
  beforeAll(async () => {
    clinic = await createRxClinic(stack);
    await clinic.settings({ protocolEnabled: true, protocolRxcuis: [LISINOPRIL] });
  });
  afterAll(() => clinic.close());

  it('When the pharmacy asks for a routine refill of a protocol drug, then the nurse pool approves it under protocol and it is sent', async () => {
    const original = await sentPrescription(clinic);
    const requested = await refillAsPharmacy(clinic, original, 'refill-protocol-0001');
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ refillOfPrescriptionId: original });
    const again = await refillAsPharmacy(clinic, original, 'refill-protocol-0001');
    expect(again.body.id).toBe(requested.body.id);
    expect(again.headers.get('idempotency-replayed')).toBe('true');

    const id = requested.body.id as string;
    const rx = await clinic.waitFor(id, (r) => r.status === 'awaiting-decision' && r.workflow?.taskKind === 'protocol');
    expect(rx).toMatchObject({ kind: 'refill', origin: 'pharmacy', findings: [] });
    const task = await stack.ownerDb('tasks').where({ id: rx.workflow.taskId }).first();
    const pool = await stack.ownerDb('task_pools').where({ id: task.pool_id }).first();
    expect(task).toMatchObject({ category: 'nursing', type: 'prescription-protocol-refill', owner_user_id: null });
    expect(pool).toMatchObject({ role: 'nurse', department_id: null });

    const approved = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/approve`, { token: clinic.nurse.accessToken, body: {} });
    expect(approved.status).toBe(200);
    await clinic.waitFor(id, (r) => r.status === 'sent');
    const signature = await stack.ownerDb('prescription_signatures').where({ prescription_id: id }).first();
    expect(signature).toMatchObject({ method: 'protocol', signer_user_id: clinic.nurse.id, prescriber_id: clinic.physician.practitionerId });
    expect(clinic.pharmacy.received(id)).toHaveLength(1);

    const status = await api(stack.baseUrl, 'GET', `/api/v1/prescriptions/refill-requests/${id}`, { headers: { 'x-api-key': clinic.tenant.apiKey } });
    expect(status.body).toMatchObject({ id, status: 'sent' });
  });

  it('When a refill has a finding, then it goes to the prescriber rather than the protocol pool', async () => {
    const patientId = await clinic.addPatient();
    const original = await sentPrescription(clinic, patientId);
    await clinic.addAllergy(patientId, 'lisinopril');
    const requested = await refillAsPharmacy(clinic, original);
    const rx = await clinic.waitFor(requested.body.id, (r) => r.status === 'awaiting-decision' && r.workflow?.taskId);
    expect(rx.workflow.taskKind).toBe('signature');
    expect(rx.signerUserId).toBe(clinic.physician.id);
  });

  it('When a patient asks for a refill of their own prescription, then it is accepted; of another patient’s, it is not found', async () => {
    const own = clinic.tenant.users.patient;
    const set = await api(stack.baseUrl, 'PUT', `/api/v1/patients/${clinic.tenant.ownPatientId}/pharmacy`, { token: clinic.nurse.accessToken, body: { pharmacyId: clinic.pharmacyId } });
    expect(set.status).toBe(200);
    const mine = await sentPrescription(clinic, clinic.tenant.ownPatientId);
    const someoneElses = await sentPrescription(clinic);
    const ok = await api(stack.baseUrl, 'POST', '/api/v1/prescriptions/refill-requests', { token: own.accessToken, body: { prescriptionId: mine } });
    expect(ok.status).toBe(202);
    const refused = await api(stack.baseUrl, 'POST', '/api/v1/prescriptions/refill-requests', { token: own.accessToken, body: { prescriptionId: someoneElses } });
    expect(refused.status).toBe(404);
    const followed = await api(stack.baseUrl, 'GET', `/api/v1/prescriptions/refill-requests/${ok.body.id}`, { token: own.accessToken });
    expect(followed.status).toBe(200);
  });
});

describe('a refill request that is not approved', () => {
  let clinic: RxClinic;
  beforeAll(async () => {
    clinic = await createRxClinic(stack);
    const { settings } = await stack.ownerDb('tenants').where({ id: clinic.tenant.id }).first();
    const messaging = { ...settings.messaging, clinicPhone: '+1 555 010 0100' };
    await stack.ownerDb('tenants').where({ id: clinic.tenant.id }).update({ settings: { ...settings, messaging } });
  });
  afterAll(() => clinic.close());

  const notices = (patientId: string) =>
    stack.ownerDb('message_deliveries').where({ tenant_id: clinic.tenant.id, patient_id: patientId, template: 'prescription.not-approved' });

  it('When the patient asked and the physician denies, then the patient is told, without the drug or the reason', async () => {
    // By e-mail: the original's "sent to your pharmacy" text would use up today's one text (the cap).
    const patientId = clinic.tenant.ownPatientId;
    const consent = await api(stack.baseUrl, 'POST', `/api/v1/patients/${patientId}/consent`, {
      token: clinic.nurse.accessToken,
      body: { channel: 'email', status: 'granted', source: 'intake-form' },
    });
    expect(consent.status).toBe(200);
    const preference = await api(stack.baseUrl, 'PATCH', `/api/v1/patients/${patientId}`, { token: clinic.nurse.accessToken, body: { preferredChannel: 'email' } });
    expect(preference.status).toBe(200);
    await api(stack.baseUrl, 'PUT', `/api/v1/patients/${patientId}/pharmacy`, { token: clinic.nurse.accessToken, body: { pharmacyId: clinic.pharmacyId } });
    const original = await sentPrescription(clinic, patientId);
    const asked = await api(stack.baseUrl, 'POST', '/api/v1/prescriptions/refill-requests', { token: clinic.tenant.users.patient.accessToken, body: { prescriptionId: original } });
    expect(asked.status).toBe(202);
    const id = asked.body.id as string;
    await clinic.waitFor(id, (rx) => rx.status === 'awaiting-decision' && rx.workflow?.taskId);

    const reason = 'Needs a blood pressure check before renewal';
    const denied = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/deny`, { token: clinic.physician.accessToken, body: { reason } });
    expect(denied.status).toBe(200);

    const [delivery] = await eventually(async () => {
      const rows = await notices(patientId);
      return rows.length > 0 && rows.every((r) => r.status !== 'queued') ? rows : undefined;
    }, 15_000);
    expect(delivery).toMatchObject({ channel: 'email', status: 'sent' });
    const email = await stack.smtp.waitFor((m) => m.subject === 'About your prescription request to Lakeside Clinic', 5_000);
    expect(email.text).toMatch(/could not be approved\. Please contact us to talk about next steps: \+1 555 010 0100/);
    expect(`${email.subject} ${email.text}`).not.toMatch(/lisinopril|blood pressure/i);
    const history = await eventually(async () => {
      const rows = await stack.ownerDb('prescription_events').where({ prescription_id: id, kind: 'patient-notified' });
      return rows.length > 0 && rows;
    }, 10_000);
    expect(history).toEqual([expect.objectContaining({ details: expect.objectContaining({ notice: 'not-approved', status: 'sent' }) })]);
  });

  it('When the pharmacy asked and the physician denies, then the pharmacy is told in its notices and the patient gets no message', async () => {
    const patientId = await clinic.addPatient();
    const original = await sentPrescription(clinic, patientId);
    const asked = await refillAsPharmacy(clinic, original);
    expect(asked.status).toBe(202);
    const id = asked.body.id as string;
    await clinic.waitFor(id, (rx) => rx.status === 'awaiting-decision' && rx.workflow?.taskId);
    const denied = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/deny`, { token: clinic.physician.accessToken, body: { reason: 'Discontinued' } });
    expect(denied.status).toBe(200);
    await clinic.waitFor(id, (rx) => rx.status === 'denied');
    expect(await stack.temporal.workflow.getHandle(prescriptionWorkflowId(id)).result()).toMatchObject({ outcome: 'denied' });
    expect(await stack.ownerDb('prescription_notices').where({ prescription_id: id })).toEqual([expect.objectContaining({ recipient_type: 'service', kind: 'denied' })]);
    expect(await notices(patientId)).toEqual([]);
  });
});

describe('an unanswered refill request', () => {
  let clinic: RxClinic;
  beforeAll(async () => {
    clinic = await createRxClinic(stack);
    await clinic.settings({ remindAfterSeconds: 2, escalateAfterSeconds: 4, refillExpirySeconds: 7 });
  });
  afterAll(() => clinic.close());

  it('When nobody answers, then the signer is reminded, the task escalates to the physician pool, and it expires with a notice to the pharmacy', async () => {
    const original = await sentPrescription(clinic);
    const requested = await refillAsPharmacy(clinic, original);
    const id = requested.body.id as string;
    const waiting = await clinic.waitFor(id, (r) => r.status === 'awaiting-decision' && r.workflow?.taskId);
    const taskId = waiting.workflow.taskId as string;
    expect((await stack.ownerDb('tasks').where({ id: taskId }).first()).owner_user_id).toBe(clinic.physician.id);

    const expired = await clinic.waitFor(id, (r) => r.status === 'expired', 20_000);
    expect(expired.decision).toMatchObject({ outcome: 'expired', reason: 'unanswered' });
    const history = await stack.ownerDb('task_history').where({ task_id: taskId }).orderBy('id').pluck('action');
    expect(history).toEqual(expect.arrayContaining(['reminded', 'escalated', 'expired']));
    expect(history.indexOf('reminded')).toBeLessThan(history.indexOf('escalated'));
    const escalation = await stack.ownerDb('task_escalations').where({ task_id: taskId }).first();
    const pool = await stack.ownerDb('task_pools').where({ id: escalation.to_pool_id }).first();
    expect(pool).toMatchObject({ role: 'physician' });

    const status = await api(stack.baseUrl, 'GET', `/api/v1/prescriptions/refill-requests/${id}`, { headers: { 'x-api-key': clinic.tenant.apiKey } });
    expect(status.body).toMatchObject({ status: 'expired', decision: { outcome: 'expired', reason: 'unanswered' } });
    const notice = await stack.ownerDb('prescription_notices').where({ prescription_id: id }).first();
    expect(notice).toMatchObject({ recipient_type: 'service', recipient_id: clinic.tenant.apiKeyId, kind: 'expired' });
    const audit = await stack.ownerDb('audit_events').where({ entity_id: id, action: 'prescription.expire' }).first();
    expect(audit).toMatchObject({ actor_type: 'system', workflow_id: `prescription-${id}` });

    if (process.env.RECORD_HISTORIES === '1') {
      const handle = stack.temporal.workflow.getHandle(prescriptionWorkflowId(id));
      await handle.result();
      writeFileSync(join(__dirname, '../replay/histories/prescription-refill-expired.json'), JSON.stringify(await handle.fetchHistory(), null, 1));
    }
  });
});
