import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/prescriptions/screening/index.js';
import { prescriptionWorkflowId } from '../../src/workflows/shared/prescription.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { AMOXICILLIN, createRxClinic, LISINOPRIL, PHARMACY_NAME, type RxClinic, startPrescriptionWorker, WARFARIN, IBUPROFEN } from './support.js';

let stack: TestStack;
let clinic: RxClinic;
beforeAll(async () => {
  stack = await startTestStack();
  await startPrescriptionWorker(stack);
  clinic = await createRxClinic(stack);
});
afterAll(async () => {
  await clinic?.close();
  await stack?.close();
});

const awaitingDecision = (rx: any) => rx.status === 'awaiting-decision' && rx.workflow?.taskId;

async function updateEvents(workflowId: string): Promise<string[]> {
  const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
  return history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes).map((e) => String(e.eventType));
}

describe("a nurse's request signed by a physician", () => {
  it('When a nurse prepares a request and the physician approves it, then it is signed with the digest of the signed content, sent to the pharmacy and the patient is told', async () => {
    const patientId = await clinic.addPatient();
    const created = await clinic.request(clinic.nurse, patientId);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'awaiting-decision', origin: 'nurse', findings: [] });
    const id = created.body.id as string;

    const approved = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/approve`, { token: clinic.physician.accessToken, body: {} });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ prescriptionId: id, status: 'signed' });

    const sent = await clinic.waitFor(id, (rx) => rx.status === 'sent' && rx.history.some((e: any) => e.kind === 'patient-notified'));
    const signature = await stack.ownerDb('prescription_signatures').where({ prescription_id: id }).first();
    expect(signature).toMatchObject({ method: 'prescriber', signer_user_id: clinic.physician.id, prescriber_id: clinic.physician.practitionerId });
    expect(signature.content_digest).toBe(createHash('sha256').update(canonicalJson(signature.content)).digest('hex'));
    expect(signature.content_digest).toBe(approved.body.contentDigest);
    expect(signature.content.order).toMatchObject({ prescriptionId: id, medication: { rxcui: LISINOPRIL }, dispense: { refills: 2, daysSupply: 30 } });

    const atPharmacy = clinic.pharmacy.received(id);
    expect(atPharmacy).toHaveLength(1);
    expect(atPharmacy[0]).toMatchObject({ resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: { reference: `Patient/${patientId}` } });
    expect(sent.transmissions).toEqual([expect.objectContaining({ round: 1, status: 'sent', pharmacyId: clinic.pharmacyId, attempts: 1 })]);

    const text = stack.twilio.messages.find((m) => m.body.includes(PHARMACY_NAME));
    expect(text?.body).toBe(`Lakeside Clinic: your prescription was sent to ${PHARMACY_NAME}. Reply STOP to opt out.`);
    expect(text!.body.toLowerCase()).not.toContain('lisinopril');
    expect(sent.history.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['created', 'screened', 'routed', 'signed', 'transmitted', 'patient-notified']));

    const audit = await stack.ownerDb('audit_events').where({ entity_id: id }).pluck('action');
    expect(audit).toEqual(expect.arrayContaining(['create', 'prescription.screen', 'prescription.route', 'prescription.approve', 'prescription.sign', 'prescription.transmit', 'prescription.patient-notice']));
  });

  it('When a nurse tries to sign, then the answer is 403 and the workflow state does not change', async () => {
    const patientId = await clinic.addPatient();
    const created = await clinic.request(clinic.nurse, patientId);
    const id = created.body.id as string;
    const before = await clinic.waitFor(id, awaitingDecision);

    const attempt = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/approve`, { token: clinic.nurse.accessToken, body: {} });
    expect(attempt.status).toBe(403);
    // Through the task inbox too: the update's validator refuses it before it enters history.
    const inbox = await api(stack.baseUrl, 'POST', `/api/v1/tasks/${before.workflow.taskId}/complete`, { token: clinic.nurse.accessToken, body: { outcome: 'approve' } });
    expect([403, 404]).toContain(inbox.status);

    const after = await clinic.get(id);
    expect(after.body).toMatchObject({ status: 'awaiting-decision', workflow: { stage: 'awaiting-decision', taskId: before.workflow.taskId } });
    expect(await updateEvents(prescriptionWorkflowId(id))).toEqual(expect.not.arrayContaining(['EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED']));
    const denied = await stack.ownerDb('audit_events').where({ entity_id: id, outcome: 'denied', actor_id: clinic.nurse.id }).first();
    expect(denied).toBeDefined();
  });
});

describe('high-severity findings', () => {
  it('When a high finding is approved without an override reason, then it is refused; with one, it is signed and the reason recorded', async () => {
    const patientId = await clinic.addPatient();
    await clinic.addMedication(patientId, WARFARIN);
    const created = await clinic.request(clinic.nurse, patientId, { rxcui: IBUPROFEN, strength: { value: 400, unit: 'mg' }, sig: 'Take 1 tablet by mouth every 8 hours as needed', quantity: { value: 20, unit: 'tablet' }, refills: 0, daysSupply: 7, timing: { frequency: 3, period: 1, periodUnit: 'd' } });
    const id = created.body.id as string;
    const rx = await clinic.waitFor(id, awaitingDecision);
    const high = rx.findings.filter((f: any) => f.severity === 'high');
    expect(high.map((f: any) => f.kind)).toContain('drug-drug-interaction');

    const refused = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/approve`, { token: clinic.physician.accessToken, body: {} });
    expect(refused.status).toBe(422);
    expect(refused.body.uncoveredFindings.map((f: any) => f.code)).toEqual(high.map((f: any) => f.code));
    expect((await clinic.get(id)).body.status).toBe('awaiting-decision');

    const overrides = high.map((f: any) => ({ code: f.code, reason: 'Short course; INR checked in 3 days' }));
    const approved = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/approve`, { token: clinic.physician.accessToken, body: { overrides } });
    expect(approved.status).toBe(200);
    const signed = await clinic.waitFor(id, (r) => r.status === 'sent');
    expect(signed.overrides).toEqual(overrides);
  });

  it('When the signer modifies the dose, then the change is re-screened before signing: a new high finding needs its own override', async () => {
    const patientId = await clinic.addPatient();
    const created = await clinic.request(clinic.nurse, patientId);
    const id = created.body.id as string;
    await clinic.waitFor(id, awaitingDecision);

    const overdose = { dose: { value: 12, unit: 'tablet' } };
    const refused = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/approve`, { token: clinic.physician.accessToken, body: { changes: overdose } });
    expect(refused.status).toBe(422);
    expect(refused.body.uncoveredFindings.map((f: any) => f.code)).toEqual(expect.arrayContaining(['DOSE_ABOVE_MAX_SINGLE']));

    const lower = { dose: { value: 0.2, unit: 'tablet' }, sig: 'Take one fifth of a tablet by mouth once daily' };
    const approved = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/approve`, { token: clinic.physician.accessToken, body: { changes: lower } });
    expect(approved.status).toBe(200);
    const signed = await clinic.waitFor(id, (r) => r.status === 'sent');
    expect(signed.dose).toEqual({ value: 0.2, unit: 'tablet' });
    expect(signed.findings.map((f: any) => f.code)).toContain('DOSE_BELOW_MIN_SINGLE');
    expect(signed.history.find((e: any) => e.kind === 'modified')?.details.fields).toEqual(['dose', 'sig']);
  });
});

describe('screening rules through the workflow', () => {
  it('When a patient allergic to penicillins is prescribed amoxicillin, then an allergy class match is a high finding', async () => {
    const patientId = await clinic.addPatient();
    await clinic.addAllergy(patientId, 'penicillins');
    const created = await clinic.request(clinic.nurse, patientId, { rxcui: AMOXICILLIN, strength: { value: 500, unit: 'mg' }, timing: { frequency: 3, period: 1, periodUnit: 'd' }, sig: 'Take 1 capsule by mouth three times daily', quantity: { value: 21, unit: 'capsule' }, dose: { value: 1, unit: 'capsule' }, refills: 0, daysSupply: 7 });
    const rx = await clinic.waitFor(created.body.id, awaitingDecision);
    expect(rx.findings).toEqual([expect.objectContaining({ kind: 'drug-allergy', severity: 'high', code: 'ALLERGY_CLASS_MATCH' })]);
  });
});

describe('denial', () => {
  it('When the physician denies a request, then the reason is sent to the requesting nurse and nothing is transmitted', async () => {
    const patientId = await clinic.addPatient();
    const id = (await clinic.request(clinic.nurse, patientId)).body.id as string;
    await clinic.waitFor(id, awaitingDecision);
    const denied = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/deny`, { token: clinic.physician.accessToken, body: { reason: 'Already on losartan; see note' } });
    expect(denied.status).toBe(200);
    expect(denied.body.status).toBe('denied');
    const notices = await api(stack.baseUrl, 'GET', '/api/v1/prescriptions/notices', { token: clinic.nurse.accessToken });
    expect(notices.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ prescriptionId: id, kind: 'denied', reason: 'Already on losartan; see note' })]));
    expect(clinic.pharmacy.received(id)).toHaveLength(0);
  });
});
