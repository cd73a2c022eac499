import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labResultWorkflowId } from '../../src/workflows/shared/lab-result.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { events, openTasks, report, submitOru, waitForTask } from './routing-helpers.js';
import { createLabTenant, eventually, labMessaging, type LabTenant, unique } from './support.js';

let stack: TestStack;
let lab: LabTenant;
let messaging: Awaited<ReturnType<typeof labMessaging>>;
beforeAll(async () => {
  stack = await startTestStack();
  messaging = await labMessaging(stack);
  await stack.startWorker(messaging.overrides);
  lab = await createLabTenant(stack);
});
afterAll(async () => {
  await stack.close();
  await messaging.close();
});

const GLUCOSE = '1558-6';
const PATIENT_MOBILE = '+15555550100';

function glucose(filler: string, value: string, status: 'P' | 'F' | 'C', flags = 'H') {
  return {
    pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`,
    filler,
    providerNpi: lab.orderer.npi,
    test: `${GLUCOSE}^Fasting glucose^LN`,
    reportStatus: status,
    obx: [{ code: GLUCOSE, value, units: 'mg/dL', range: '70-99', flags, status }],
  };
}

const asPatient = (path: string) => api(stack.baseUrl, 'GET', path, { token: lab.tenant.token('patient') });
const patientTexts = () => stack.twilio.messages.filter((m) => m.to === PATIENT_MOBILE);

// The patient of these tests is the tenant's `patient` user's own record.
beforeAll(async () => {
  await lab.tenant.scoped((trx) =>
    trx('patients').where({ id: lab.tenant.ownPatientId }).update({ mrn: lab.patient.mrn.replace('MRN', 'OWN'), sms_consent: 'granted', preferred_channel: 'sms' }),
  );
  lab.patient = { id: lab.tenant.ownPatientId, mrn: lab.patient.mrn.replace('MRN', 'OWN') };
});

describe('preliminary, final and corrected results, and release to the patient', () => {
  it('When a preliminary is followed by its final and a correction, then one report is updated, re-routed and flagged, with history kept and released when final', async () => {
    const filler = `ACC-${unique()}`;
    const reportId = await submitOru(stack, lab, glucose(filler, '120', 'P'));
    const preliminaryReview = await waitForTask(stack, reportId, 'lab-result-review-preliminary');
    expect(preliminaryReview.priority).toBe('urgent');
    // Preliminary: not for the patient yet.
    expect((await asPatient(`/api/v1/lab-results/${reportId}`)).status).toBe(404);

    expect(await submitOru(stack, lab, glucose(filler, '118', 'F'))).toBe(reportId);
    await waitForTask(stack, reportId, 'lab-result-review');
    expect((await stack.ownerDb('tasks').where({ id: preliminaryReview.id }).first()).status).toBe('cancelled');
    const released = await eventually(async () => {
      const res = await asPatient(`/api/v1/lab-results/${reportId}`);
      return res.status === 200 ? res : undefined;
    });
    expect(released.body).toMatchObject({ status: 'final', classification: 'abnormal' });
    expect(released.body.observations[0].value).toEqual({ kind: 'numeric', value: 118 });
    // The patient sees the result, not its routing.
    expect(released.body.timeline).toBeUndefined();
    expect(released.body.history).toBeUndefined();
    const notice = await eventually(() => Promise.resolve(patientTexts()[0]), 10_000, 'the patient notice');
    expect(notice.body).toContain('new result is available');
    expect(notice.body).not.toContain('118');

    expect(await submitOru(stack, lab, glucose(filler, '95', 'C', 'N'))).toBe(reportId);
    const correctedReview = await waitForTask(stack, reportId, 'lab-result-review-corrected');
    expect(correctedReview.owner_user_id).toBe(lab.orderer.user.id);
    expect(await report(stack, reportId)).toMatchObject({ status: 'corrected', corrected: true, classification: 'normal' });
    const seen = await api(stack.baseUrl, 'GET', `/api/v1/lab-results/${reportId}`, { token: lab.orderer.user.accessToken });
    expect(seen.body.observations[0].value).toEqual({ kind: 'numeric', value: 95 });
    expect(seen.body.history.map((r: { revision: string }) => r.revision)).toEqual(['final', 'preliminary']);
    expect(seen.body.history[0].observations[0].value).toEqual({ kind: 'numeric', value: 118 });
    expect(seen.body.timeline.filter((e: { kind: string }) => e.kind === 'superseded')).toHaveLength(2);
    // The correction is released again, with a new notice.
    await eventually(async () => ((await events(stack, reportId, 'patient-notified')).length === 2 ? true : undefined), 10_000, 'a second notice');
  });

  it('When a physician holds a result, then the final is not released until they release it', async () => {
    const filler = `ACC-${unique()}`;
    const reportId = await submitOru(stack, lab, glucose(filler, '250', 'P'));
    await waitForTask(stack, reportId, 'lab-result-review-preliminary');
    const until = new Date(Date.now() + 3600_000).toISOString();
    const refused = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/hold`, {
      token: lab.orderer.user.accessToken,
      body: { reason: 'x', until },
    });
    expect(refused.status).toBe(400);
    const hold = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/hold`, {
      token: lab.orderer.user.accessToken,
      body: { reason: 'Discuss in person before disclosure', until },
    });
    expect(hold.status).toBe(200);
    expect(hold.body).toMatchObject({ release: 'on-hold', holdUntil: until });
    const stranger = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/hold`, { token: lab.stranger.user.accessToken, body: { reason: 'Not my patient at all', until } });
    expect(stranger.status).toBe(404);

    await submitOru(stack, lab, glucose(filler, '251', 'F'));
    await waitForTask(stack, reportId, 'lab-result-review');
    expect((await report(stack, reportId)).released_at).toBeNull();
    expect((await asPatient(`/api/v1/lab-results/${reportId}`)).status).toBe(404);
    const list = await api(stack.baseUrl, 'GET', '/api/v1/lab-results', { token: lab.tenant.token('patient') });
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(reportId);

    const release = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/release`, { token: lab.orderer.user.accessToken });
    expect(release.status).toBe(200);
    expect(release.body.release).toBe('released');
    expect((await asPatient(`/api/v1/lab-results/${reportId}`)).status).toBe(200);
    const audited = await stack.ownerDb('audit_events').where({ entity_type: 'LabResult', entity_id: reportId }).whereIn('action', ['hold-place', 'release']);
    expect(audited.map((a) => a.action).sort()).toEqual(['hold-place', 'release', 'release']);
    expect(JSON.stringify(audited)).not.toContain('Discuss in person');
    if (process.env.RECORD_HISTORIES === '1') {
      const history = await stack.temporal.workflow.getHandle(labResultWorkflowId(reportId)).fetchHistory();
      writeFileSync(join(__dirname, '../replay/histories/lab-result-hold-release.json'), JSON.stringify(history, null, 1));
    }
  });

  it('When a hold reaches its end date, then the workflow lifts it and the result is released again, even after the workflow had finished', async () => {
    const filler = `ACC-${unique()}`;
    const reportId = await submitOru(stack, lab, glucose(filler, '130', 'F'));
    const review = await waitForTask(stack, reportId, 'lab-result-review');
    await eventually(async () => ((await asPatient(`/api/v1/lab-results/${reportId}`)).status === 200 ? true : undefined));
    // The orderer reviews the result; with nothing left open the workflow finishes.
    const done = await api(stack.baseUrl, 'POST', `/api/v1/tasks/${review.id}/complete`, { token: lab.orderer.user.accessToken, body: { outcome: 'reviewed' } });
    expect(done.status).toBe(200);
    const handle = stack.temporal.workflow.getHandle(labResultWorkflowId(reportId));
    await eventually(async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined));

    const hold = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/hold`, {
      token: lab.orderer.user.accessToken,
      body: { reason: 'Awaiting specialist call with the patient', until: new Date(Date.now() + 3000).toISOString() },
    });
    expect(hold.status).toBe(200);
    expect((await asPatient(`/api/v1/lab-results/${reportId}`)).status).toBe(404);
    const lifted = await eventually(async () => (await events(stack, reportId, 'hold-lifted'))[0], 15_000, 'the hold to end');
    expect(lifted.details).toEqual({ why: 'hold-ended' });
    expect(lifted.actor_type).toBe('system');
    expect((await asPatient(`/api/v1/lab-results/${reportId}`)).status).toBe(200);
    expect(await openTasks(stack, reportId)).toHaveLength(0);
  });
});
