import { createLabIngestion } from '../../src/lab-results/inbox/ingestion.js';
import { createLogger } from '../../src/logging/logger.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { events, report, submitOru, waitForTask } from './routing-helpers.js';
import { buildOru, createLabTenant, eventually, labMessaging, type LabTenant, POTASSIUM, unique } from './support.js';

let stack: TestStack;
let lab: LabTenant;
let messaging: Awaited<ReturnType<typeof labMessaging>>;
beforeAll(async () => {
  stack = await startTestStack();
  messaging = await labMessaging(stack);
  await stack.startWorker(messaging.overrides);
  lab = await createLabTenant(stack, { criticalAckDeadlineSeconds: 120, escalationStepSeconds: [4, 60, 60] });
});
afterAll(async () => {
  await stack.close();
  await messaging.close();
});

const critical = () => ({
  pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`,
  filler: `ACC-${unique()}`,
  providerNpi: lab.orderer.npi,
  obx: [{ code: POTASSIUM, value: '2.1', units: 'mmol/L', range: '3.5-5.1', flags: 'LL' }],
});

describe('crash recovery', () => {
  it('When the worker dies while a critical result’s escalation timer is pending, then after restart it escalates exactly once', async () => {
    const reportId = await submitOru(stack, lab, critical());
    const task = await waitForTask(stack, reportId, 'critical-result-ack');
    await eventually(async () => ((await events(stack, reportId, 'critical-task-created')).length === 1 ? true : undefined));
    await stack.stopWorker();
    // The first step (4 s) elapses while no worker runs.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(await events(stack, reportId, 'escalated')).toHaveLength(0);
    await stack.startWorker(messaging.overrides);

    await eventually(async () => ((await events(stack, reportId, 'escalated')).length > 0 ? true : undefined), 20_000, 'the escalation');
    // Give any duplicate a chance to show up.
    await eventually(() => Promise.resolve(stack.twilio.messages.some((m) => m.to === lab.onCall.mobile) ? true : undefined), 10_000, 'the on-call alert');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await events(stack, reportId, 'escalated')).toHaveLength(1);
    expect(await stack.ownerDb('task_escalations').where({ task_id: task.id })).toHaveLength(1);
    expect(stack.twilio.messages.filter((m) => m.to === lab.onCall.mobile)).toHaveLength(1);
    expect((await stack.ownerDb('tasks').where({ id: task.id }).first()).owner_user_id).toBe(lab.onCall.user.id);
  });

  it('When the process stopped between the ACK and processing, then the sweeper processes the stored message and starts its workflow', async () => {
    const ingestion = createLabIngestion({
      db: stack.db,
      temporal: stack.temporal,
      taskQueue: stack.config.temporal.taskQueue,
      logger: createLogger({ level: 'silent', name: 'test' }),
      processAfterAck: false,
    });
    const controlId = `S-${unique()}`;
    const receipt = await ingestion.receiveHl7(
      buildOru({ ...critical(), obx: [{ code: POTASSIUM, value: '4.0', units: 'mmol/L', range: '3.5-5.1', flags: 'N' }], facility: lab.facility, controlId }),
      'mllp',
    );
    expect(receipt.ackCode).toBe('AA');
    expect((await stack.ownerDb('hl7_inbox').where({ id: receipt.stored!.id }).first()).processed_at).toBeNull();

    const swept = await ingestion.sweep({ olderThanSeconds: 0, tenantIds: [lab.tenant.id] });
    expect(swept.processed).toBeGreaterThanOrEqual(1);
    const revision = await stack.ownerDb('lab_report_revisions').where({ inbox_id: receipt.stored!.id }).first();
    await waitForTask(stack, revision.report_id, 'lab-result-review');
    expect((await report(stack, revision.report_id)).match_status).toBe('matched');
    // A second sweep finds nothing left to do for it.
    await ingestion.sweep({ olderThanSeconds: 0, tenantIds: [lab.tenant.id] });
    expect(await stack.ownerDb('lab_report_revisions').where({ inbox_id: receipt.stored!.id })).toHaveLength(1);
  });
});
