import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DevPharmacyAdapter } from '../../src/prescriptions/pharmacy/dev-pharmacy-adapter.js';
import { prescriptionWorkflowId } from '../../src/workflows/shared/prescription.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { FakePharmacy } from './fake-pharmacy.js';
import { createRxClinic, type RxClinic, startPrescriptionWorker } from './support.js';

let stack: TestStack;
let clinic: RxClinic;
const dev = new DevPharmacyAdapter();
beforeAll(async () => {
  stack = await startTestStack();
  await startPrescriptionWorker(stack, { dev });
  clinic = await createRxClinic(stack);
});
afterAll(async () => {
  await clinic?.close();
  await stack?.close();
});

const awaitingDecision = (rx: any) => rx.status === 'awaiting-decision' && rx.workflow?.taskId;

async function signedRequest(): Promise<string> {
  const created = await clinic.request(clinic.nurse, await clinic.addPatient());
  await clinic.waitFor(created.body.id, awaitingDecision);
  const approved = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${created.body.id}/approve`, { token: clinic.physician.accessToken, body: {} });
  expect(approved.status).toBe(200);
  return created.body.id;
}

async function recordHistory(name: string, prescriptionId: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const handle = stack.temporal.workflow.getHandle(prescriptionWorkflowId(prescriptionId));
  await handle.result();
  writeFileSync(join(__dirname, `../replay/histories/${name}.json`), JSON.stringify(await handle.fetchHistory(), null, 1));
}

const postsFor = (id: string) => clinic.pharmacy.requests.filter((r) => r.body?.identifier?.[0]?.value === id);

describe('transmission through the HTTP/FHIR adapter', () => {
  it('When the pharmacy fails once with 503, then the transmission is retried exactly once and the pharmacy holds one prescription', async () => {
    clinic.pharmacy.failNext({ status: 503 });
    const id = await signedRequest();
    const sent = await clinic.waitFor(id, (rx) => rx.status === 'sent');
    const posts = postsFor(id);
    expect(posts.map((p) => p.status)).toEqual([503, 201]);
    expect(posts.every((p) => p.ifNoneExist === `identifier=urn:smartclinix:prescription-id|${id}`)).toBe(true);
    expect(clinic.pharmacy.received(id)).toHaveLength(1);
    expect(sent.transmissions).toEqual([expect.objectContaining({ round: 1, status: 'sent', attempts: 2, error: null })]);
    await recordHistory('prescription-sent-after-retry', id);
  });

  it('When the pharmacy rejects the prescription, then the prescriber’s team gets a task with the error, and a resend goes through', async () => {
    clinic.pharmacy.failNext({ status: 422, code: 'business-rule', diagnostics: 'Prescriber not enrolled with this pharmacy' });
    const id = await signedRequest();
    const failed = await clinic.waitFor(id, (rx) => rx.status === 'transmission-failed' && rx.workflow?.taskKind === 'transmission');
    expect(failed.transmissions).toEqual([
      expect.objectContaining({ round: 1, status: 'failed', attempts: 1, error: { kind: 'permanent', code: 'http-422:business-rule', detail: 'Prescriber not enrolled with this pharmacy' } }),
    ]);
    expect(postsFor(id)).toHaveLength(1);
    const task = await stack.ownerDb('tasks').where({ id: failed.workflow.taskId }).first();
    expect(task).toMatchObject({ type: 'prescription-transmission-error', status: 'open', owner_user_id: clinic.physician.id, priority: 'urgent' });

    // Pharmacists see the error (and nothing clinical).
    const asPharmacist = await clinic.get(id, clinic.tenant.users.pharmacist);
    expect(asPharmacist.body.transmissions[0].error.code).toBe('http-422:business-rule');
    expect(asPharmacist.body.medication).toBeUndefined();

    const resend = await api(stack.baseUrl, 'POST', `/api/v1/tasks/${failed.workflow.taskId}/complete`, { token: clinic.physician.accessToken, body: { outcome: 'resend' } });
    expect(resend.status).toBe(200);
    expect(resend.body.result).toMatchObject({ status: 'resending' });
    const sent = await clinic.waitFor(id, (rx) => rx.status === 'sent');
    expect(sent.transmissions.map((t: any) => [t.round, t.status])).toEqual([[1, 'failed'], [2, 'sent']]);
    expect(clinic.pharmacy.received(id)).toHaveLength(1);
    await recordHistory('prescription-rejected-then-resent', id);
  });

  it('When the team chooses another pharmacy after a rejection, then it is sent there (the dev adapter records it)', async () => {
    const other = await api(stack.baseUrl, 'POST', '/api/v1/pharmacies', { token: clinic.tenant.token('admin'), body: { name: 'Dev Pharmacy', transport: 'dev' } });
    expect(other.status).toBe(201);
    clinic.pharmacy.failNext({ status: 404, code: 'not-found', diagnostics: 'Patient unknown' });
    const id = await signedRequest();
    const failed = await clinic.waitFor(id, (rx) => rx.workflow?.taskKind === 'transmission');
    const missingPharmacy = await api(stack.baseUrl, 'POST', `/api/v1/tasks/${failed.workflow.taskId}/complete`, { token: clinic.physician.accessToken, body: { outcome: 'change-pharmacy' } });
    expect(missingPharmacy.body.result).toMatchObject({ status: 'refused', reason: 'pharmacy-required' });
    const next = await clinic.waitFor(id, (rx) => rx.workflow?.taskKind === 'transmission' && rx.workflow.taskId !== failed.workflow.taskId);
    const moved = await api(stack.baseUrl, 'POST', `/api/v1/tasks/${next.workflow.taskId}/complete`, {
      token: clinic.physician.accessToken,
      body: { outcome: 'change-pharmacy', payload: { pharmacyId: other.body.id } },
    });
    expect(moved.status).toBe(200);
    const sent = await clinic.waitFor(id, (rx) => rx.status === 'sent');
    expect(sent.pharmacyId).toBe(other.body.id);
    expect(dev.transmissions.find((t) => t.prescriptionId === id)).toMatchObject({ pharmacyId: other.body.id });
  });
});

describe('a pharmacy that requires SMART Backend Services', () => {
  it('When the pharmacy registered the key we publish, then the workflow’s transmission carries a token obtained with it', async () => {
    const jwks = await api(stack.baseUrl, 'GET', '/api/v1/pharmacy-client/jwks.json');
    const secured = await FakePharmacy.start({ auth: { clientId: 'smartclinix-e2e', publicJwk: jwks.body.keys[0] } });
    const admin = clinic.tenant.token('admin');
    const patch = (body: Record<string, unknown>) => api(stack.baseUrl, 'PATCH', `/api/v1/pharmacies/${clinic.pharmacyId}`, { token: admin, body });
    try {
      expect((await patch({ fhirEndpointUrl: secured.baseUrl, fhirTokenUrl: secured.tokenUrl, fhirClientId: 'smartclinix-e2e' })).status).toBe(200);
      const id = await signedRequest();
      await clinic.waitFor(id, (rx) => rx.status === 'sent');
      expect(secured.requests.filter((r) => r.body?.identifier?.[0]?.value === id).map((r) => r.status)).toEqual([201]);
      expect(secured.tokenRequests).toEqual([{ status: 200, scope: 'system/MedicationRequest.c' }]);
      expect(secured.received(id)).toHaveLength(1);
    } finally {
      await patch({ fhirEndpointUrl: clinic.pharmacy.baseUrl, fhirTokenUrl: null, fhirClientId: null });
      await secured.close();
    }
  });
});

describe('durability', () => {
  it('When the worker crashes while the request waits for a decision, then after a restart the decision is applied and the request is sent', async () => {
    const created = await clinic.request(clinic.nurse, await clinic.addPatient());
    const id = created.body.id as string;
    const waiting = await clinic.waitFor(id, awaitingDecision);
    await stack.stopWorker();
    const task = await stack.ownerDb('tasks').where({ id: waiting.workflow.taskId }).first();
    expect(task.status).toBe('open');
    await startPrescriptionWorker(stack, { dev });
    const approved = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/approve`, { token: clinic.physician.accessToken, body: {} });
    expect(approved.status).toBe(200);
    await clinic.waitFor(id, (rx) => rx.status === 'sent');
    expect(clinic.pharmacy.received(id)).toHaveLength(1);
  });
});
