import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type MessagingActivityDeps } from '../../src/activities/messaging.js';
import { inboundSmsParams, postSignedForm } from '../fakes/twilio-signature.js';
import { type TestStack, startTestStack, TEST_SENDER_NUMBER } from '../support/stack.js';
import { daytimeZone, ledgerRow, type MessagingFixture, messagingFixture } from './support/fixture.js';
import { HoldingProxy } from './support/holding-proxy.js';
import { type MessageTestInput, type MessageTestResult } from './support/message-workflow.js';
import { bundleMessageTestWorkflow, type RunningWorker, runMessageWorker } from './support/message-worker.js';

const NOON = () => new Date('2027-03-10T18:00:00Z');
const APPOINTMENT_AT = new Date('2027-03-12T15:30:00Z');

let stack: TestStack;
let fx: MessagingFixture;
let deps: MessagingActivityDeps;
let bundlePath: string;
let taskQueue: string;
let worker: RunningWorker;
beforeAll(async () => {
  stack = await startTestStack();
  fx = await messagingFixture(stack);
  deps = {
    ...(await fx.deps({ clock: NOON })),
    subjectResolvers: { appointment: () => Promise.resolve({ appointmentAt: APPOINTMENT_AT, practitionerName: 'Dr. Ana Rivera' }) },
  };
  bundlePath = join(process.env.DATA_DIR ?? '/tmp', `message-test-workflow-${process.pid}.js`);
  writeFileSync(bundlePath, await bundleMessageTestWorkflow());
  taskQueue = `${stack.config.temporal.taskQueue}-messaging`;
  worker = await runMessageWorker(stack.config, { bundle: { codePath: bundlePath }, taskQueue, deps });
});
afterAll(async () => {
  await worker?.stop();
  await fx.close();
  await stack.close();
});

const textsTo = (to: string) => stack.twilio.messages.filter((m) => m.to === to);

function startWorkflow(input: MessageTestInput, queue = taskQueue, workflowId = `message-test-${randomUUID()}`) {
  return stack.temporal.workflow.start<(input: MessageTestInput) => Promise<MessageTestResult>>('messageTestWorkflow', { taskQueue: queue, workflowId, args: [input] });
}

async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('sendMessage through Temporal', () => {
  it("When Twilio answers 500 and then 201, then the activity's retry policy delivers exactly one message", async () => {
    const patient = await fx.addPatient();
    stack.twilio.failNext(1, { status: 500 });
    const handle = await startWorkflow({ request: fx.request(patient.id), initialInterval: '200 milliseconds' });
    const { outcome } = await handle.result();
    expect(outcome).toMatchObject({ status: 'sent', channel: 'sms' });
    expect(textsTo(patient.mobile)).toHaveLength(1);
    expect(await ledgerRow(stack, (outcome as { messageId: string }).messageId)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('When the worker is killed after Twilio accepted the message and before the ledger recorded it, then after a restart the patient still has exactly one message', async () => {
    // The worker process runs on the real clock: put the patient where it is daytime now.
    const patient = await fx.addPatient({ timezone: daytimeZone() });
    const request = fx.request(patient.id);
    const crashQueue = `${taskQueue}-crash`;
    const proxy = await HoldingProxy.start(stack.twilio.baseUrl);
    let child: ChildProcess | undefined;
    let restarted: RunningWorker | undefined;
    try {
      child = spawn(process.execPath, ['--import', 'tsx', require.resolve('./support/crash-worker')], {
        env: {
          ...process.env,
          PUBLIC_BASE_URL: stack.baseUrl,
          TWILIO_ACCOUNT_SID: stack.twilio.accountSid,
          TWILIO_AUTH_TOKEN: stack.twilio.authToken,
          TWILIO_FROM_NUMBER: TEST_SENDER_NUMBER,
          TWILIO_API_BASE_URL: proxy.url,
          SMTP_URL: `smtp://${stack.smtp.host}:${stack.smtp.port}`,
          MSG_TEST_BUNDLE_PATH: bundlePath,
          MSG_TEST_TASK_QUEUE: crashQueue,
          MSG_TEST_LEASE_MS: '1500',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await until(() => output.includes('worker-ready'), 'the worker process to start', 60_000);

      const handle = await startWorkflow({ request, heartbeatTimeout: '3 seconds', initialInterval: '500 milliseconds' }, crashQueue);
      await until(() => textsTo(patient.mobile).length === 1, 'Twilio to accept the message');
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));

      // The worker died between Twilio's acceptance and the ledger write: the row only knows it may have been sent.
      const orphan = await stack.ownerDb('message_deliveries').where({ idempotency_key: request.idempotencyKey }).first();
      expect(orphan).toMatchObject({ status: 'queued', provider_message_id: null, attempts: 1 });
      expect(orphan.pending_attempt_at).toBeInstanceOf(Date);

      restarted = await runMessageWorker(stack.config, { bundle: { codePath: bundlePath }, taskQueue: crashQueue, deps });
      const { outcome } = await handle.result();
      expect(outcome).toEqual({ status: 'sent', messageId: orphan.id, channel: 'sms' });
      expect(textsTo(patient.mobile)).toHaveLength(1);
      expect(await ledgerRow(stack, orphan.id)).toMatchObject({ status: 'sent', provider_message_id: textsTo(patient.mobile)[0]!.sid, pending_attempt_at: null });
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await restarted?.stop();
      await proxy.close();
    }
  });

  it('When the patient answers C by text, then the waiting workflow gets a confirm reply (the intent, not the text)', async () => {
    const patient = await fx.addPatient();
    const workflowId = `message-test-${randomUUID()}`;
    const request = fx.request(patient.id, {
      template: 'appointment.confirm-request',
      channel: 'sms',
      purpose: 'appointment-reminder',
      subject: { type: 'appointment', id: randomUUID() },
      replyTo: { workflowId, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const handle = await startWorkflow({ request, waitForReplyMs: 30_000 }, taskQueue, workflowId);
    const text = await until(() => textsTo(patient.mobile)[0], 'the confirm request');
    expect(text.body).toContain('Reply C to confirm, X to cancel, R to reschedule.');

    const messageSid = `SM${randomUUID().replace(/-/g, '')}`;
    const res = await postSignedForm(
      `${stack.baseUrl}/api/v1/webhooks/twilio/sms`,
      inboundSmsParams({ from: patient.mobile, to: fx.senderNumber, body: 'c ', accountSid: stack.twilio.accountSid, messageSid }),
      stack.twilio.authToken,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('<Message');
    const result = await handle.result();
    expect(result.replies).toEqual([{ replyId: messageSid, intent: 'confirm', via: 'sms' }]);
    expect(await stack.ownerDb('inbound_messages').where({ message_sid: messageSid }).first()).toMatchObject({ handled_as: 'offered', workflow_id: workflowId, patient_id: patient.id });
  });

  it('When the patient confirms through the emailed link, then the page names clinic and date only, the workflow hears it once, and the link cannot be used again', async () => {
    const patient = await fx.addPatient({ preferred: 'email', timezone: 'America/New_York' });
    const workflowId = `message-test-${randomUUID()}`;
    const request = fx.request(patient.id, {
      template: 'appointment.confirm-request',
      channel: 'email',
      purpose: 'appointment-reminder',
      subject: { type: 'appointment', id: randomUUID() },
      replyTo: { workflowId, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const handle = await startWorkflow({ request, waitForReplyMs: 30_000 }, taskQueue, workflowId);
    const email = await stack.smtp.waitFor((m) => m.to.includes(patient.email), 30_000);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/l\/[A-Za-z0-9._-]+)/.exec(email.text)![1]!;
    expect(email.html).toContain(`<a href="${link}">`);

    const page = await fetch(link);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('Your appointment at Lakeside Clinic on Friday, March 12 at 10:30 AM.');
    expect(html).not.toContain('Rivera');
    expect(html).not.toContain(patient.email);

    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'intent=confirm' };
    const confirmed = await fetch(link, form);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Thank you. We have your confirmation.');
    const result = await handle.result();
    expect(result.replies).toEqual([{ replyId: expect.any(String), intent: 'confirm', via: 'email-link' }]);

    const again = await fetch(link, form);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('This link has already been used.');
    const tampered = await fetch(`${link.slice(0, -4)}AAAA`);
    expect(tampered.status).toBe(404);
  });
});
