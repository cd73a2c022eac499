import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AddressInfo } from 'node:net';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { type MessagingActivityDeps } from '../../src/activities/messaging.js';
import { createApp } from '../../src/api/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { smsEmailFallbackWorkflowId } from '../../src/workflows/shared/sms-email-fallback.js';
import { type SendMessageRequest } from '../../src/workflows/shared/messaging.js';
import { postSignedForm, twilioSignature } from '../fakes/twilio-signature.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { daytimeZone, ledgerRow, type MessagingFixture, messagingFixture } from './support/fixture.js';

let stack: TestStack;
let fx: MessagingFixture;
let deps: MessagingActivityDeps;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  fx = await messagingFixture(stack);
  deps = await fx.deps();
});
afterAll(async () => {
  await fx.close();
  await stack.close();
});

/** A text sent to a new patient (awake in their time zone), and the Twilio fake's record of it. */
async function textPatient(spec: Parameters<MessagingFixture['addPatient']>[0] = {}, overrides: Partial<SendMessageRequest> = {}) {
  const patient = await fx.addPatient({ timezone: daytimeZone(), ...spec });
  const request = fx.request(patient.id, { channel: 'sms', ...overrides });
  const outcome = await fx.send(deps, request);
  expect(outcome).toMatchObject({ status: 'sent', channel: 'sms' });
  const message = stack.twilio.messages.find((m) => m.to === patient.mobile)!;
  return { patient, request, smsId: outcome.messageId, message };
}

/** With RECORD_HISTORIES=1, keeps this run's history for the replay test. */
async function recordHistory(smsId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await stack.temporal.workflow.getHandle(smsEmailFallbackWorkflowId(smsId)).fetchHistory();
  writeFileSync(join(__dirname, `../replay/histories/${name}.json`), JSON.stringify(history, null, 1));
}

const fallbackResult = (smsId: string) => stack.temporal.workflow.getHandle(smsEmailFallbackWorkflowId(smsId)).result();
const emailsTo = (address: string) => stack.smtp.messages.filter((m) => m.to.includes(address));
const fallbackRows = (smsId: string) => stack.ownerDb('message_deliveries').where({ fallback_of: smsId });

describe('a text the carrier fails after accepting it', () => {
  it('When Twilio reports it undelivered, then the same message goes by email once, however often the report comes', async () => {
    const { patient, request, smsId, message } = await textPatient();

    expect(await stack.twilio.advance(message.sid, 'undelivered', 30003)).toBe(204);
    await expect(fallbackResult(smsId)).resolves.toMatchObject({ status: 'sent', channel: 'email' });
    const mail = await stack.smtp.waitFor((m) => m.to.includes(patient.email));
    expect(mail.subject).toMatch(/referral/i);
    const [email] = await fallbackRows(smsId);
    expect(email).toMatchObject({ channel: 'email', status: 'sent', idempotency_key: `${request.idempotencyKey}#email-fallback`, patient_id: patient.id, template: request.template });
    expect(await ledgerRow(stack, smsId)).toMatchObject({ status: 'undelivered', error_code: '30003' });

    // A replayed report and a later "failed" for the same text: still one email, one workflow run.
    const { runId } = await stack.temporal.workflow.getHandle(smsEmailFallbackWorkflowId(smsId)).describe();
    expect(await stack.twilio.advance(message.sid, 'undelivered', 30003)).toBe(204);
    expect(await stack.twilio.advance(message.sid, 'failed', 30008)).toBe(204);
    expect((await stack.temporal.workflow.getHandle(smsEmailFallbackWorkflowId(smsId)).describe()).runId).toBe(runId);
    expect(await fallbackRows(smsId)).toHaveLength(1);
    expect(emailsTo(patient.email)).toHaveLength(1);
    await recordHistory(smsId, 'sms-email-fallback');
  });

  it('When the text was delivered, then no email follows and no fallback workflow exists', async () => {
    const { patient, smsId, message } = await textPatient();
    expect(await stack.twilio.advance(message.sid, 'delivered')).toBe(204);
    await expect(stack.temporal.workflow.getHandle(smsEmailFallbackWorkflowId(smsId)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect(await fallbackRows(smsId)).toHaveLength(0);
    expect(emailsTo(patient.email)).toHaveLength(0);
  });

  it('When the patient has not consented to email, then nothing is sent and the workflow says why', async () => {
    const { patient, smsId, message } = await textPatient({ email: 'revoked' });
    expect(await stack.twilio.advance(message.sid, 'undelivered', 30006)).toBe(204);
    await expect(fallbackResult(smsId)).resolves.toEqual({ status: 'skipped', reason: 'no-email' });
    expect(await fallbackRows(smsId)).toHaveLength(0);
    expect(emailsTo(patient.email)).toHaveLength(0);
  });

  it('When the report comes after the window, then no email goes and no workflow starts', async () => {
    const { patient, smsId, message } = await textPatient();
    await stack.ownerDb('message_deliveries').where({ id: smsId }).update({ sent_at: stack.ownerDb.raw("now() - interval '5 hours'") });
    expect(await stack.twilio.advance(message.sid, 'undelivered', 30003)).toBe(204);
    await expect(stack.temporal.workflow.getHandle(smsEmailFallbackWorkflowId(smsId)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect(emailsTo(patient.email)).toHaveLength(0);
  });

  it('When the appointment a reminder was about is cancelled by the time the report comes, then the reminder is not emailed; a cancellation notice still is', async () => {
    const practitionerId = await fx.tenant.addPractitioner();
    /** A patient with a visit two days ahead (one text a day each: the frequency cap). */
    const patientWithVisit = async (day: number) => {
      const patient = await fx.addPatient({ timezone: daytimeZone() });
      const appointmentId = randomUUID();
      const startsAt = new Date(Date.now() + day * 86_400_000);
      await stack.ownerDb('appointments').insert({
        id: appointmentId,
        tenant_id: fx.tenant.id,
        patient_id: patient.id,
        practitioner_id: practitionerId,
        type: 'follow-up',
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + 15 * 60_000),
        workflow_id: `appointment-${appointmentId}`,
        created_by: 'test',
      });
      return { patient, appointmentId };
    };
    const send = async (visit: Awaited<ReturnType<typeof patientWithVisit>>, template: string, purpose: SendMessageRequest['purpose']) => {
      const outcome = await fx.send(deps, fx.request(visit.patient.id, { channel: 'sms', template, purpose, subject: { type: 'appointment', id: visit.appointmentId } }));
      expect(outcome).toMatchObject({ status: 'sent', channel: 'sms' });
      return { smsId: outcome.messageId, sid: stack.twilio.messages.find((m) => m.to === visit.patient.mobile)!.sid };
    };
    const cancel = (visit: Awaited<ReturnType<typeof patientWithVisit>>) =>
      stack.ownerDb('appointments').where({ id: visit.appointmentId }).update({ status: 'cancelled', cancelled_at: new Date(), cancelled_by: 'staff', cancel_reason: 'clinic-closed' });

    const reminded = await patientWithVisit(2);
    const reminder = await send(reminded, 'appointment.reminder', 'appointment-reminder');
    await cancel(reminded);
    const told = await patientWithVisit(3);
    await cancel(told);
    const notice = await send(told, 'appointment.cancelled', 'patient-notice');

    await stack.twilio.advance(reminder.sid, 'undelivered', 30003);
    await stack.twilio.advance(notice.sid, 'undelivered', 30003);
    await expect(fallbackResult(reminder.smsId)).resolves.toEqual({ status: 'skipped', reason: 'subject-no-longer-current' });
    await expect(fallbackResult(notice.smsId)).resolves.toMatchObject({ status: 'sent', channel: 'email' });
    const mail = await stack.smtp.waitFor((m) => m.to.includes(told.patient.email));
    expect(mail.subject).toMatch(/is cancelled/);
    expect(emailsTo(reminded.patient.email)).toHaveLength(0);
    expect(await fallbackRows(reminder.smsId)).toHaveLength(0);
  });

  it('When Temporal cannot be reached, then the report answers 503 with the status kept, and the next report starts the email', async () => {
    const { patient, smsId, message } = await textPatient();
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const app = createApp({ config: stack.config, db: stack.db, temporal: new Client({ connection, namespace: stack.config.temporal.namespace }), logger: createLogger({ level: 'silent', name: 'test' }) });
    const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      // Twilio's callback, signed for the public URL, delivered to an API whose Temporal is down.
      const publicUrl = message.statusCallback!;
      const form = { AccountSid: stack.twilio.accountSid, MessageSid: message.sid, MessageStatus: 'undelivered', ErrorCode: '30003' };
      const local = publicUrl.replace(stack.baseUrl, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const res = await postSignedForm(local, form, stack.twilio.authToken, { signature: twilioSignature(stack.twilio.authToken, publicUrl, form) });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await ledgerRow(stack, smsId)).toMatchObject({ status: 'undelivered' });
    } finally {
      server.close();
      server.closeAllConnections();
      await connection.close();
    }
    expect(await stack.twilio.advance(message.sid, 'undelivered', 30003)).toBe(204);
    await expect(fallbackResult(smsId)).resolves.toMatchObject({ status: 'sent', channel: 'email' });
    await stack.smtp.waitFor((m) => m.to.includes(patient.email));
  });
});
