import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { AMOXICILLIN, CEPHALEXIN, createRxClinic, FLUOXETINE, LISINOPRIL, type RxClinic, SERTRALINE, startPrescriptionWorker } from './support.js';

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

const capsules = { strength: { value: 500, unit: 'mg' }, dose: { value: 1, unit: 'capsule' }, timing: { frequency: 3, period: 1, periodUnit: 'd' }, sig: 'Take 1 capsule by mouth three times daily', quantity: { value: 21, unit: 'capsule' }, refills: 0, daysSupply: 7 };

async function screened(patientId: string, fields: Record<string, unknown>) {
  const created = await clinic.request(clinic.nurse, patientId, fields);
  expect(created.status).toBe(201);
  const rx = await clinic.waitFor(created.body.id, (r) => r.status === 'awaiting-decision');
  return rx.findings as { kind: string; severity: string; code: string; message: string }[];
}

describe('each screening rule, run by the workflow against the stored clinical data', () => {
  it('When the patient is allergic to the prescribed drug itself, then it is a high drug-allergy finding', async () => {
    const patientId = await clinic.addPatient();
    await clinic.addAllergy(patientId, 'Amoxil');
    expect(await screened(patientId, { rxcui: AMOXICILLIN, ...capsules })).toEqual([expect.objectContaining({ kind: 'drug-allergy', severity: 'high', code: 'ALLERGY_INGREDIENT_MATCH' })]);
  });

  it('When a penicillin-allergic patient is prescribed a cephalosporin, then cross-reactivity is a moderate finding', async () => {
    const patientId = await clinic.addPatient();
    await clinic.addAllergy(patientId, 'penicillin');
    const findings = await screened(patientId, { rxcui: CEPHALEXIN, ...capsules });
    expect(findings).toEqual([expect.objectContaining({ kind: 'allergy-class-cross-reactivity', severity: 'moderate' })]);
  });

  it('When the patient already takes a drug of the same class, then duplicate therapy is reported', async () => {
    const patientId = await clinic.addPatient();
    await clinic.addMedication(patientId, SERTRALINE);
    const findings = await screened(patientId, {
      rxcui: FLUOXETINE,
      strength: { value: 20, unit: 'mg' },
      sig: 'Take 1 capsule by mouth once daily',
      quantity: { value: 30, unit: 'capsule' },
      dose: { value: 1, unit: 'capsule' },
    });
    expect(findings.map((f) => f.kind)).toContain('duplicate-therapy');
  });

  it('When the dose exceeds the usual maximum, then the dose-range rule reports a high finding', async () => {
    const patientId = await clinic.addPatient();
    const findings = await screened(patientId, { rxcui: LISINOPRIL, strength: { value: 40, unit: 'mg' }, dose: { value: 3, unit: 'tablet' } });
    expect(findings.map((f) => [f.kind, f.severity, f.code])).toEqual([
      ['dose-range', 'high', 'DOSE_ABOVE_MAX_DAILY'],
      ['dose-range', 'high', 'DOSE_ABOVE_MAX_SINGLE'],
    ]);
  });

  it('When a medication is stopped, then it is no longer screened against', async () => {
    const patientId = await clinic.addPatient();
    await clinic.addMedication(patientId, SERTRALINE);
    const meds = await api(stack.baseUrl, 'GET', `/api/v1/patients/${patientId}/medications`, { token: clinic.nurse.accessToken });
    const stop = await api(stack.baseUrl, 'PATCH', `/api/v1/patients/${patientId}/medications/${meds.body.items[0].id}`, { token: clinic.nurse.accessToken, body: { status: 'stopped' } });
    expect(stop.body).toMatchObject({ status: 'stopped', stoppedOn: expect.any(String) });
    const findings = await screened(patientId, { rxcui: FLUOXETINE, strength: { value: 20, unit: 'mg' }, quantity: { value: 30, unit: 'capsule' }, dose: { value: 1, unit: 'capsule' } });
    expect(findings).toEqual([]);
  });
});

describe('clinical data and requests through the API', () => {
  it('When staff record and correct an allergy, then the patient sees it and the changes are audited', async () => {
    const patientId = clinic.tenant.ownPatientId;
    const created = await api(stack.baseUrl, 'POST', `/api/v1/patients/${patientId}/allergies`, { token: clinic.nurse.accessToken, body: { substance: 'sulfa', reaction: 'Rash', severity: 'moderate' } });
    expect(created.status).toBe(201);
    const corrected = await api(stack.baseUrl, 'PATCH', `/api/v1/patients/${patientId}/allergies/${created.body.id}`, { token: clinic.physician.accessToken, body: { status: 'entered-in-error' } });
    expect(corrected.body.status).toBe('entered-in-error');
    const own = await api(stack.baseUrl, 'GET', `/api/v1/patients/${patientId}/allergies`, { token: clinic.tenant.token('patient') });
    expect(own.body.items).toEqual([expect.objectContaining({ substance: 'sulfa', status: 'entered-in-error' })]);
    const other = await api(stack.baseUrl, 'GET', `/api/v1/patients/${await clinic.addPatient()}/allergies`, { token: clinic.tenant.token('patient') });
    expect(other.status).toBe(404);
    expect(await stack.ownerDb('audit_events').where({ entity_type: 'PatientAllergy', patient_id: patientId }).pluck('action')).toEqual(expect.arrayContaining(['create', 'update', 'read']));
    expect((await api(stack.baseUrl, 'POST', `/api/v1/patients/${patientId}/allergies`, { token: clinic.tenant.token('patient'), body: { substance: 'x' } })).status).toBe(403);
  });

  it('When the preferred pharmacy is set to one outside the directory, then it is refused', async () => {
    const res = await api(stack.baseUrl, 'PUT', `/api/v1/patients/${clinic.tenant.ownPatientId}/pharmacy`, { token: clinic.nurse.accessToken, body: { pharmacyId: '6f1d2c4b-1111-4222-8333-944455556666' } });
    expect(res.status).toBe(422);
  });

  it('When a create is retried with the same Idempotency-Key, then one request exists and the first answer is returned', async () => {
    const patientId = await clinic.addPatient();
    const headers = { 'idempotency-key': `rx-create-${patientId}` };
    const first = await clinic.request(clinic.nurse, patientId, {}, headers);
    const second = await clinic.request(clinic.nurse, patientId, {}, headers);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(await stack.ownerDb('prescriptions').where({ patient_id: patientId }).count('* as n').first()).toEqual({ n: '1' });
  });

  it('When a request is outside federal refill limits or names a drug the knowledge base lacks, then it is refused before anything starts', async () => {
    const patientId = await clinic.addPatient();
    const scheduleTwoRefills = await clinic.request(clinic.nurse, patientId, { rxcui: '7804', strength: { value: 5, unit: 'mg' }, refills: 1 });
    expect(scheduleTwoRefills.status).toBe(422);
    expect(scheduleTwoRefills.body.errors).toEqual([expect.objectContaining({ pointer: '/body/dispense/refills' })]);
    expect((await clinic.request(clinic.nurse, patientId, { rxcui: '99999999' })).status).toBe(422);
    expect(await stack.ownerDb('prescriptions').where({ patient_id: patientId }).count('* as n').first()).toEqual({ n: '0' });
  });
});
