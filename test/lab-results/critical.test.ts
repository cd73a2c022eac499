import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labResultWorkflowId } from '../../src/workflows/shared/lab-result.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { events, openTasks, report, submitOru, waitForTask } from './routing-helpers.js';
import { createLabTenant, eventually, labMessaging, type LabTenant, POTASSIUM, SODIUM, unique } from './support.js';

let stack: TestStack;
let lab: LabTenant;
let messaging: Awaited<ReturnType<typeof labMessaging>>;
beforeAll(async () => {
  stack = await startTestStack();
  messaging = await labMessaging(stack);
  await stack.startWorker(messaging.overrides);
  // Each level of the chain waits 3 s; the acknowledgement deadline is 30 s.
  lab = await createLabTenant(stack, { criticalAckDeadlineSeconds: 30, escalationStepSeconds: [3, 3, 3] });
});
afterAll(async () => {
  await stack.close();
  await messaging.close();
});

const criticalPotassium = () => ({
  pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`,
  filler: `ACC-${unique()}`,
  providerNpi: lab.orderer.npi,
  obx: [
    { code: SODIUM, value: '139', units: 'mmol/L', range: '136-145', flags: 'N' },
    { code: POTASSIUM, value: '6.9', units: 'mmol/L', range: '3.5-5.1', flags: 'HH' },
  ],
});

async function recordHistory(reportId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await stack.temporal.workflow.getHandle(labResultWorkflowId(reportId)).fetchHistory();
  writeFileSync(join(__dirname, `../replay/histories/${name}.json`), JSON.stringify(history, null, 1));
}

describe('critical results', () => {
  it('When nobody acknowledges, then the result escalates to the on-call and then the department lead, each alerted without any value', async () => {
    const reportId = await submitOru(stack, lab, criticalPotassium());
    const task = await waitForTask(stack, reportId, 'critical-result-ack');
    expect(task).toMatchObject({ owner_user_id: lab.orderer.user.id, priority: 'stat', category: 'sign-off' });

    const escalations = await eventually(
      async () => {
        const rows = await events(stack, reportId, 'escalated');
        return rows.length >= 2 ? rows : undefined;
      },
      20_000,
      'two escalations',
    );
    expect(escalations.map((e) => [e.level, e.practitioner_id, e.details.role])).toEqual([
      [1, lab.onCall.practitionerId, 'on-call'],
      [2, lab.lead.practitionerId, 'department-lead'],
    ]);
    // Each level after its own step: 3 s, then 3 s more.
    const identified = (await events(stack, reportId, 'critical-identified'))[0];
    const first = (escalations[0].occurred_at.getTime() - identified.occurred_at.getTime()) / 1000;
    const second = (escalations[1].occurred_at.getTime() - escalations[0].occurred_at.getTime()) / 1000;
    expect(first).toBeGreaterThanOrEqual(2.9);
    expect(second).toBeGreaterThanOrEqual(2.9);
    expect((await openTasks(stack, reportId, 'critical-result-ack').first()).owner_user_id).toBe(lab.lead.user.id);
    expect(await stack.ownerDb('task_escalations').where({ task_id: task.id })).toHaveLength(2);
    // The critical path alerts each level itself (below); the inbox's own task notices stay out of it.
    expect(await stack.ownerDb('message_deliveries').where({ subject_type: 'task', subject_id: task.id })).toEqual([]);

    // Texts to the orderer, the on-call and the lead: a reference, never the value.
    for (const person of [lab.orderer, lab.onCall, lab.lead]) {
      const text = await eventually(() => Promise.resolve(stack.twilio.messages.find((m) => m.to === person.mobile)), 10_000, 'an SMS alert');
      expect(text.body).toContain('critical result');
      expect(text.body).not.toContain('6.9');
      expect(text.body).not.toMatch(/potassium/i);
    }
    const mail = await stack.smtp.waitFor((m) => m.to.includes(lab.lead.user.email), 10_000);
    expect(`${mail.subject} ${mail.text}`).not.toContain('6.9');
    const notification = await stack.ownerDb('lab_critical_notifications').where({ report_id: reportId }).first();
    expect(notification).toMatchObject({ escalation_level: 2, acknowledged_at: null });
    expect(notification.first_alert_at).not.toBeNull();

    // The lead, reached by escalation, sees the result and its timeline; a stranger does not.
    const seen = await api(stack.baseUrl, 'GET', `/api/v1/lab-results/${reportId}`, { token: lab.lead.user.accessToken });
    expect(seen.status).toBe(200);
    expect(seen.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['critical-identified', 'critical-task-created', 'alert-requested', 'escalated']));
    expect((await api(stack.baseUrl, 'GET', `/api/v1/lab-results/${reportId}`, { token: lab.stranger.user.accessToken })).status).toBe(404);

    // The lead acknowledges; it ends the path.
    const ack = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/acknowledge`, { token: lab.lead.user.accessToken, body: { readBack: 'K 6.9' } });
    expect(ack.status).toBe(200);
    await recordHistory(reportId, 'lab-result-critical-escalated');
  });

  it('When the orderer acknowledges with the right read-back, then escalation stops and the time to acknowledge is stored', async () => {
    const reportId = await submitOru(stack, lab, criticalPotassium());
    await waitForTask(stack, reportId, 'critical-result-ack');
    const wrong = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/acknowledge`, { token: lab.orderer.user.accessToken, body: { readBack: 'potassium 9.6' } });
    expect(wrong.status).toBe(422);
    const ack = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/acknowledge`, { token: lab.orderer.user.accessToken, body: { readBack: 'potassium 6.9 mmol/L' } });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledged).toBe(true);
    expect(ack.body.secondsToAcknowledge).toBeGreaterThan(0);

    // Well past the first step: nothing escalated.
    await new Promise((resolve) => setTimeout(resolve, 4500));
    expect(await events(stack, reportId, 'escalated')).toHaveLength(0);
    expect(await openTasks(stack, reportId, 'critical-result-ack')).toHaveLength(0);
    const notification = await stack.ownerDb('lab_critical_notifications').where({ report_id: reportId }).first();
    expect(notification.acknowledged_by_practitioner_id).toBe(lab.orderer.practitionerId);
    expect(Number(notification.seconds_to_ack)).toBeGreaterThan(0);
    expect(await report(stack, reportId)).toMatchObject({ critical_state: 'acknowledged', classification: 'critical' });
    const again = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/acknowledge`, { token: lab.orderer.user.accessToken, body: { readBack: '6.9' } });
    expect(again.status).toBe(409);
    await eventually(async () => {
      const description = await stack.temporal.workflow.getHandle(labResultWorkflowId(reportId)).describe();
      return description.status.name === 'COMPLETED' ? true : undefined;
    });
    await recordHistory(reportId, 'lab-result-critical-acknowledged');
  });

  it('When a value crosses the tenant’s critical range without a critical flag, then it is treated as critical', async () => {
    await lab.tenant.scoped((trx) => trx('lab_critical_ranges').insert({ tenant_id: lab.tenant.id, loinc_code: SODIUM, low: 136, high: 145, critical_low: 120, critical_high: 160 }));
    const reportId = await submitOru(stack, lab, {
      pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`,
      filler: `ACC-${unique()}`,
      providerNpi: lab.orderer.npi,
      obx: [{ code: SODIUM, value: '118', units: 'mmol/L', range: '136-145', flags: 'L' }],
    });
    await waitForTask(stack, reportId, 'critical-result-ack');
    expect((await report(stack, reportId)).classification).toBe('critical');
    const ack = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/acknowledge`, { token: lab.orderer.user.accessToken, body: { readBack: 'Na 118' } });
    expect(ack.status).toBe(200);
  });

  it('When an administrator asks for the period’s timeliness, then counts, median and p95 time to acknowledge and escalations are reported', async () => {
    const res = await api(stack.baseUrl, 'GET', '/api/v1/lab-results/reports/critical-timeliness', { token: lab.tenant.token('admin') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ criticalCount: 3, acknowledgedCount: 3, escalatedCount: 1 });
    expect(res.body.medianSecondsToAcknowledge).toBeGreaterThan(0);
    expect(res.body.p95SecondsToAcknowledge).toBeGreaterThanOrEqual(res.body.medianSecondsToAcknowledge);
    expect((await api(stack.baseUrl, 'GET', '/api/v1/lab-results/reports/critical-timeliness', { token: lab.tenant.token('patient') })).status).toBe(403);
  });
});
