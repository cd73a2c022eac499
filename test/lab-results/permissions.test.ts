import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { submitOru, waitForTask } from './routing-helpers.js';
import { createLabTenant, eventually, labMessaging, type LabTenant, SODIUM, unique } from './support.js';

let stack: TestStack;
let lab: LabTenant;
let messaging: Awaited<ReturnType<typeof labMessaging>>;
let reportId: string;
let colleagueToken: string;

beforeAll(async () => {
  stack = await startTestStack();
  messaging = await labMessaging(stack);
  await stack.startWorker(messaging.overrides);
  lab = await createLabTenant(stack);
  lab.patient = { id: lab.tenant.ownPatientId, mrn: `OWN${unique()}` };
  await lab.tenant.scoped((trx) => trx('patients').where({ id: lab.patient.id }).update({ mrn: lab.patient.mrn }));
  // A physician of the orderer's department.
  const colleaguePractitioner = await lab.tenant.addPractitioner({ kind: 'physician' });
  const colleague = await lab.tenant.addUser('physician', { practitionerId: colleaguePractitioner });
  await lab.tenant.scoped((trx) => trx('department_members').insert({ tenant_id: lab.tenant.id, department_id: lab.departmentId, user_id: colleague.id }));
  colleagueToken = colleague.accessToken;
  reportId = await submitOru(stack, lab, {
    pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`,
    filler: `ACC-${unique()}`,
    providerNpi: lab.orderer.npi,
    obx: [{ code: SODIUM, value: '131', units: 'mmol/L', range: '136-145', flags: 'L' }],
  });
  await waitForTask(stack, reportId, 'lab-result-review');
  await eventually(async () => ((await stack.ownerDb('lab_reports').where({ id: reportId }).first()).released_at ? true : undefined));
});
afterAll(async () => {
  await stack.close();
  await messaging.close();
});

const get = (token: string, path: string) => api(stack.baseUrl, 'GET', path, { token });

describe('who sees lab results', () => {
  it('When the ordering physician or a physician of their department reads the result, then they get it with its timeline', async () => {
    for (const token of [lab.orderer.user.accessToken, colleagueToken]) {
      const res = await get(token, `/api/v1/lab-results/${reportId}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: reportId, patientId: lab.patient.id, classification: 'abnormal' });
      expect(res.body.timeline.length).toBeGreaterThan(0);
    }
    const list = await get(lab.orderer.user.accessToken, `/api/v1/lab-results?patientId=${lab.patient.id}&class=abnormal&status=final`);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([reportId]);
  });

  it('When a physician with no relationship reads it, then it does not exist for them, and the denial is audited', async () => {
    expect((await get(lab.stranger.user.accessToken, `/api/v1/lab-results/${reportId}`)).status).toBe(404);
    expect((await get(lab.stranger.user.accessToken, '/api/v1/lab-results')).body.items).toEqual([]);
    const denial = await stack.ownerDb('audit_events').where({ entity_type: 'LabResult', entity_id: reportId, outcome: 'denied', actor_id: lab.stranger.user.id }).first();
    expect(denial).toBeDefined();
  });

  it('When the patient reads their released result, then they see the values but not the routing; another patient sees nothing', async () => {
    const own = await get(lab.tenant.token('patient'), `/api/v1/lab-results/${reportId}`);
    expect(own.status).toBe(200);
    expect(own.body.observations[0]).toMatchObject({ code: SODIUM, value: { kind: 'numeric', value: 131 } });
    for (const hidden of ['timeline', 'orderingPractitionerId', 'workflowId', 'criticalNotifications', 'history']) expect(own.body[hidden]).toBeUndefined();
    const otherPatientId = await lab.tenant.addPatient();
    const other = await lab.tenant.addUser('patient', { patientId: otherPatientId });
    expect((await get(other.accessToken, `/api/v1/lab-results/${reportId}`)).status).toBe(404);
  });

  it('When ops read the result, then they see its workflow state only, and may not filter by clinical fields', async () => {
    const res = await get(lab.tenant.token('ops'), `/api/v1/lab-results/${reportId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: reportId, status: 'final', matchStatus: 'matched', release: 'released' });
    for (const hidden of ['patientId', 'test', 'observations', 'classification', 'orderingPractitionerId', 'history']) expect(res.body[hidden]).toBeUndefined();
    expect(res.body.timeline.length).toBeGreaterThan(0);
    // Nor does the timeline tell them how the result came out, or whose it is.
    const details = JSON.stringify(res.body.timeline.map((entry: { details: unknown }) => entry.details));
    for (const clinical of ['classification', 'flag', 'abnormal', lab.patient.id]) expect(details).not.toContain(clinical);
    const physicianView = await get(lab.orderer.user.accessToken, `/api/v1/lab-results/${reportId}`);
    expect(JSON.stringify(physicianView.body.timeline)).toContain('"classification":"abnormal"');
    expect((await get(lab.tenant.token('ops'), '/api/v1/lab-results?class=critical')).status).toBe(403);
  });

  it('When a nurse or administrator reads a matched result, then it is not visible to them', async () => {
    expect((await get(lab.tenant.token('nurse'), `/api/v1/lab-results/${reportId}`)).status).toBe(404);
    expect((await get(lab.tenant.token('admin'), `/api/v1/lab-results/${reportId}`)).status).toBe(403);
  });

  it('When a physician orders for another physician, then it is refused', async () => {
    const res = await api(stack.baseUrl, 'POST', '/api/v1/lab-orders', {
      token: lab.stranger.user.accessToken,
      body: { patientId: lab.patient.id, orderingPractitionerId: lab.orderer.practitionerId, performingLabId: lab.integrationId, testCodes: ['2823-3'] },
    });
    expect(res.status).toBe(403);
    expect((await api(stack.baseUrl, 'POST', '/api/v1/lab-orders', { token: lab.tenant.token('nurse'), body: { patientId: lab.patient.id, performingLabId: lab.integrationId, testCodes: ['2823-3'] } })).status).toBe(403);
  });
});
