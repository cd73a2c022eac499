import { api } from '../support/http.js';
import { createTestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { createRxClinic, type RxClinic, startPrescriptionWorker } from './support.js';

let stack: TestStack;
let clinic: RxClinic;
let sentId: string;
let ownId: string;
beforeAll(async () => {
  stack = await startTestStack();
  await startPrescriptionWorker(stack);
  clinic = await createRxClinic(stack);
  const sign = async (patientId: string) => {
    const created = await clinic.request(clinic.nurse, patientId);
    await clinic.waitFor(created.body.id, (rx) => rx.status === 'awaiting-decision' && rx.workflow?.taskId);
    await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${created.body.id}/approve`, { token: clinic.physician.accessToken, body: {} });
    await clinic.waitFor(created.body.id, (rx) => rx.status === 'sent');
    return created.body.id as string;
  };
  sentId = await sign(await clinic.addPatient());
  await api(stack.baseUrl, 'PUT', `/api/v1/patients/${clinic.tenant.ownPatientId}/pharmacy`, { token: clinic.nurse.accessToken, body: { pharmacyId: clinic.pharmacyId } });
  ownId = await sign(clinic.tenant.ownPatientId);
});
afterAll(async () => {
  await clinic?.close();
  await stack?.close();
});

const as = (role: Parameters<RxClinic['tenant']['token']>[0]) => ({ token: clinic.tenant.token(role) });

describe('who sees and does what', () => {
  it('When a physician or nurse reads a request, then they see its clinical content, findings and history', async () => {
    for (const role of ['physician', 'nurse'] as const) {
      const res = await api(stack.baseUrl, 'GET', `/api/v1/prescriptions/${sentId}`, as(role));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ medication: expect.any(Object), findings: [], history: expect.any(Array), signature: expect.any(Object) }));
    }
  });

  it('When a pharmacist reads a request, then they see its pharmacy-side status and transmissions only', async () => {
    const res = await api(stack.baseUrl, 'GET', `/api/v1/prescriptions/${sentId}`, as('pharmacist'));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'id', 'pharmacyId', 'sentAt', 'status', 'tenantId', 'transmissions', 'updatedAt']);
    expect((await api(stack.baseUrl, 'POST', '/api/v1/prescriptions', { ...as('pharmacist'), body: {} })).status).toBe(403);
    expect((await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${sentId}/approve`, { ...as('pharmacist'), body: {} })).status).toBe(403);
  });

  it('When ops read requests, then they see workflow state only and may not filter by patient', async () => {
    const res = await api(stack.baseUrl, 'GET', `/api/v1/prescriptions/${sentId}`, as('ops'));
    expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'id', 'kind', 'origin', 'status', 'tenantId', 'updatedAt', 'workflow', 'workflowId']);
    const byPatient = await api(stack.baseUrl, 'GET', `/api/v1/prescriptions?patientId=${clinic.tenant.ownPatientId}`, as('ops'));
    expect(byPatient.status).toBe(403);
  });

  it("When a patient lists prescriptions, then they see only their own, without screening internals; another's answers 404", async () => {
    const list = await api(stack.baseUrl, 'GET', '/api/v1/prescriptions', as('patient'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: any) => p.id)).toEqual([ownId]);
    expect(list.body.items[0].findings).toBeUndefined();
    expect(list.body.items[0].medication).toBeDefined();
    expect((await api(stack.baseUrl, 'GET', `/api/v1/prescriptions/${sentId}`, as('patient'))).status).toBe(404);
    expect((await api(stack.baseUrl, 'POST', '/api/v1/prescriptions', { ...as('patient'), body: {} })).status).toBe(403);
  });

  it('When the pharmacy service account calls anything but refill requests, then it is refused', async () => {
    const key = { headers: { 'x-api-key': clinic.tenant.apiKey } };
    expect((await api(stack.baseUrl, 'GET', '/api/v1/prescriptions', key)).status).toBe(403);
    expect((await api(stack.baseUrl, 'GET', `/api/v1/prescriptions/${sentId}`, key)).status).toBe(403);
    expect((await api(stack.baseUrl, 'POST', '/api/v1/prescriptions', { ...key, body: {} })).status).toBe(403);
    expect((await api(stack.baseUrl, 'POST', '/api/v1/prescriptions/refill-requests', { ...key, body: { prescriptionId: sentId } })).status).toBe(202);
  });

  it('When an integration key that is no pharmacy’s asks for a refill, then it is refused', async () => {
    await stack.ownerDb('pharmacies').where({ id: clinic.pharmacyId }).update({ api_key_id: null });
    try {
      const res = await api(stack.baseUrl, 'POST', '/api/v1/prescriptions/refill-requests', { headers: { 'x-api-key': clinic.tenant.apiKey }, body: { prescriptionId: sentId } });
      expect(res.status).toBe(403);
    } finally {
      await stack.ownerDb('pharmacies').where({ id: clinic.pharmacyId }).update({ api_key_id: clinic.tenant.apiKeyId });
    }
  });

  it('When an administrator or scheduler reads prescriptions, then it is refused; the administrator manages the pharmacy directory', async () => {
    expect((await api(stack.baseUrl, 'GET', '/api/v1/prescriptions', as('admin'))).status).toBe(403);
    expect((await api(stack.baseUrl, 'GET', `/api/v1/prescriptions/${sentId}`, as('scheduler'))).status).toBe(403);
    expect((await api(stack.baseUrl, 'POST', '/api/v1/pharmacies', { ...as('nurse'), body: { name: 'X', transport: 'dev' } })).status).toBe(403);
    expect((await api(stack.baseUrl, 'PATCH', `/api/v1/pharmacies/${clinic.pharmacyId}`, { ...as('admin'), body: { phone: '+1 555 010 0199' } })).status).toBe(200);
  });

  it("When another tenant's physician reads the request, then it is not found and the denial is audited", async () => {
    const other = await createTestTenant(stack);
    const res = await api(stack.baseUrl, 'GET', `/api/v1/prescriptions/${sentId}`, { token: other.token('physician') });
    expect(res.status).toBe(404);
    const denial = await stack.ownerDb('audit_events').where({ tenant_id: other.id, entity_id: sentId, outcome: 'denied' }).first();
    expect(denial).toBeDefined();
  });

  it('When the list is filtered by status, signer and controlled, then only matching requests come back', async () => {
    const res = await api(stack.baseUrl, 'GET', `/api/v1/prescriptions?status=sent&signerUserId=${clinic.physician.id}&controlled=false`, as('physician'));
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: any) => p.id).sort()).toEqual([sentId, ownId].sort());
    const controlled = await api(stack.baseUrl, 'GET', '/api/v1/prescriptions?controlled=true', as('physician'));
    expect(controlled.body.items).toEqual([]);
  });
});
