import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { createRxClinic, OXYCODONE, type RxClinic, startPrescriptionWorker } from './support.js';

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
const oxycodone = {
  rxcui: OXYCODONE,
  strength: { value: 5, unit: 'mg' },
  dose: { value: 1, unit: 'tablet' },
  timing: { frequency: 4, period: 1, periodUnit: 'd' },
  asNeeded: true,
  sig: 'Take 1 tablet by mouth every 6 hours as needed for pain',
  quantity: { value: 12, unit: 'tablet' },
  refills: 0,
  daysSupply: 3,
};

describe('controlled substances (EPCS)', () => {
  let id: string;
  beforeAll(async () => {
    const patientId = await clinic.addPatient();
    const created = await clinic.request(clinic.nurse, patientId, oxycodone);
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body).toMatchObject({ controlled: true, medication: { deaSchedule: 'II' } });
    await clinic.waitFor(id, awaitingDecision);
  });
  const approve = (token: string, body: Record<string, unknown>) => api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${id}/approve`, { token, body });

  it('When the signer gives no TOTP code, then signing is refused', async () => {
    const res = await approve(clinic.physician.accessToken, {});
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('second-factor-required');
  });

  it('When the TOTP code is wrong, then signing is refused and the request still waits', async () => {
    const code = await clinic.freshCode(clinic.physician);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const res = await approve(clinic.physician.accessToken, { totpCode: wrong });
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('invalid-second-factor');
    expect((await clinic.get(id)).body.status).toBe('awaiting-decision');
  });

  it('When a physician without a DEA registration signs, even with a valid code, then it is refused', async () => {
    const res = await approve(clinic.physicianWithoutDea.accessToken, { totpCode: await clinic.freshCode(clinic.physicianWithoutDea) });
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('dea-registration-required');
  });

  it('When the task inbox is used to approve without the signing ceremony, then the update validator refuses it and the task stays open', async () => {
    const rx = await clinic.waitFor(id, awaitingDecision);
    const inbox = await api(stack.baseUrl, 'POST', `/api/v1/tasks/${rx.workflow.taskId}/complete`, { token: clinic.physician.accessToken, body: { outcome: 'approve' } });
    expect(inbox.status).toBe(403);
    expect(inbox.body.reason).toBe('signing-assertion-required');
    const after = await clinic.waitFor(id, awaitingDecision);
    expect(after.workflow.taskId).toBe(rx.workflow.taskId);
    expect(after.signature).toBeNull();
    const task = await api(stack.baseUrl, 'GET', `/api/v1/tasks/${rx.workflow.taskId}`, { token: clinic.physician.accessToken });
    expect(task.body.status).not.toBe('completed');
  });

  it('When the DEA-registered physician signs with a fresh code, then it is signed with two factors and the code cannot be used again', async () => {
    const code = await clinic.freshCode(clinic.physician);
    const res = await approve(clinic.physician.accessToken, { totpCode: code });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('signed');
    const signature = await stack.ownerDb('prescription_signatures').where({ prescription_id: id }).first();
    expect(signature).toMatchObject({ method: 'epcs-two-factor', dea_schedule: 'II', signer_user_id: clinic.physician.id, content_digest: res.body.contentDigest });
    expect(signature.assertion_id).toEqual(expect.any(String));
    await clinic.waitFor(id, (r) => r.status === 'sent');

    // The same code on another controlled request is a replay.
    const other = await clinic.request(clinic.nurse, await clinic.addPatient(), oxycodone);
    await clinic.waitFor(other.body.id, awaitingDecision);
    const replay = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${other.body.id}/approve`, { token: clinic.physician.accessToken, body: { totpCode: code } });
    expect(replay.status).toBe(403);
    expect(replay.body.reason).toBe('invalid-second-factor');
  });
});

describe('routing', () => {
  it("When a resident requests, then the supervising physician's queue gets the task", async () => {
    const patientId = await clinic.addPatient();
    const created = await clinic.request(clinic.resident, patientId, { prescriberId: clinic.resident.practitionerId });
    expect(created.status).toBe(201);
    const rx = await clinic.waitFor(created.body.id, awaitingDecision);
    expect(rx).toMatchObject({ origin: 'resident', signerUserId: clinic.physician.id });
    const task = await stack.ownerDb('tasks').where({ id: rx.workflow.taskId }).first();
    expect(task).toMatchObject({ owner_user_id: clinic.physician.id, category: 'sign-off', type: 'prescription-signature' });
    const residentSigns = await api(stack.baseUrl, 'POST', `/api/v1/prescriptions/${rx.id}/approve`, { token: clinic.resident.accessToken, body: {} });
    expect(residentSigns.status).toBe(403);
  });

  it("When a physician requests a non-controlled drug as themselves with sign: true, then it is signed in the same action", async () => {
    const patientId = await clinic.addPatient();
    const created = await clinic.request(clinic.physician, patientId, { sign: true });
    expect(created.status).toBe(201);
    expect(created.body.selfSign).toEqual({ signed: true });
    expect(['signed', 'sent']).toContain(created.body.status);
    await clinic.waitFor(created.body.id, (r) => r.status === 'sent');
  });

  it('When a physician asks to sign a controlled drug in the same action, then it waits for the two-factor signature instead', async () => {
    const patientId = await clinic.addPatient();
    const created = await clinic.request(clinic.physician, patientId, { ...oxycodone, sign: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'awaiting-decision', selfSign: { signed: false, reason: 'not-eligible' } });
  });

  it('When a request names a prescriber who may not sign a controlled drug, then it is refused at once', async () => {
    const patientId = await clinic.addPatient();
    const created = await clinic.request(clinic.nurse, patientId, { ...oxycodone, prescriberId: clinic.physicianWithoutDea.practitionerId });
    expect(created.status).toBe(422);
  });
});
