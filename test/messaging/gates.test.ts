import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { type MessagingActivityDeps } from '../../src/activities/messaging.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { ledgerRow, type MessagingFixture, messagingFixture, uniqueMobile } from './support/fixture.js';

/** Instants given as Chicago wall-clock times (DST starts on 14 March 2027: the week test crosses it). */
const chicago = (local: string) => DateTime.fromISO(local, { zone: 'America/Chicago' }).toJSDate();
const NOON = () => chicago('2027-03-10T12:00:00');

let stack: TestStack;
let fx: MessagingFixture;
let deps: MessagingActivityDeps;
beforeAll(async () => {
  stack = await startTestStack();
  fx = await messagingFixture(stack);
  deps = await fx.deps({ clock: NOON });
});
afterAll(async () => {
  await fx.close();
  await stack.close();
});

const textsTo = (to: string) => stack.twilio.messages.filter((m) => m.to === to);

describe('sendMessage: consent gate at send time', () => {
  it('When the patient never consented to either channel, then nothing is sent and the ledger says no-consent', async () => {
    const patient = await fx.addPatient({ sms: 'unknown', email: 'unknown' });
    const outcome = await fx.send(deps, fx.request(patient.id));
    expect(outcome).toEqual({ status: 'suppressed', messageId: expect.any(String), reason: 'no-consent' });
    expect(await ledgerRow(stack, outcome.messageId)).toMatchObject({ status: 'suppressed', reason: 'no-consent', attempts: 1, content_sealed: null });
    expect(textsTo(patient.mobile)).toHaveLength(0);
  });

  it('When the patient opted out of texts, then an SMS-only message is suppressed and a preferred-channel one goes by email', async () => {
    const patient = await fx.addPatient({ sms: 'revoked' });
    await expect(fx.send(deps, fx.request(patient.id, { channel: 'sms' }))).resolves.toMatchObject({ status: 'suppressed', reason: 'opted-out' });
    await expect(fx.send(deps, fx.request(patient.id))).resolves.toMatchObject({ status: 'sent', channel: 'email' });
    const email = await stack.smtp.waitFor((m) => m.to.includes(patient.email));
    expect(email).toMatchObject({ subject: 'Your referral to Lakeside Clinic has been accepted', messageId: expect.stringMatching(/^<sc\.[0-9a-f]{40}@smartclinix\.test>$/) });
    expect(email.html).toContain('<p>Your referral has been accepted.');
    expect(textsTo(patient.mobile)).toHaveLength(0);
  });

  it('When consent is revoked after a message was deferred, then asking again suppresses it rather than sending', async () => {
    const patient = await fx.addPatient();
    const request = fx.request(patient.id, { channel: 'sms' });
    const late = await fx.deps({ clock: () => chicago('2027-03-10T22:30:00') });
    await expect(fx.send(late, request)).resolves.toMatchObject({ status: 'deferred' });
    await stack.ownerDb('patients').where({ id: patient.id }).update({ sms_consent: 'revoked' });
    await expect(fx.send(deps, request, 2)).resolves.toMatchObject({ status: 'suppressed', reason: 'opted-out' });
    expect(textsTo(patient.mobile)).toHaveLength(0);
  });

  it('When the patient is a minor, then the text goes to the responsible party, never to the minor', async () => {
    const parent = uniqueMobile();
    const minor = await fx.addPatient({
      birth_date: '2016-05-01',
      responsible_party_name: 'Test Parent',
      responsible_party_relationship: 'mother',
      responsible_party_mobile_e164: parent,
    });
    await expect(fx.send(deps, fx.request(minor.id))).resolves.toMatchObject({ status: 'sent', channel: 'sms' });
    expect(textsTo(parent)).toHaveLength(1);
    expect(textsTo(minor.mobile)).toHaveLength(0);
  });
});

describe('sendMessage: templates', () => {
  it('When a result notice names its lab result, then it says only that a result is available', async () => {
    const patient = await fx.addPatient();
    const request = fx.request(patient.id, { template: 'result.available', subject: { type: 'lab-result', id: randomUUID() } });
    await expect(fx.send(deps, request)).resolves.toMatchObject({ status: 'sent', channel: 'sms' });
    expect(textsTo(patient.mobile)[0]!.body).toBe('Lakeside Clinic: a new result is available in your patient portal Reply STOP to opt out.');
  });

  it('When a template needs what only its subject knows and no resolver gives it, then the send fails without retry and nothing is sent', async () => {
    const patient = await fx.addPatient();
    const request = fx.request(patient.id, { template: 'appointment.reminder', subject: { type: 'referral', id: 'referral-1' } });
    await expect(fx.send(deps, request)).rejects.toMatchObject({ name: 'MissingTemplateVariableError' });
    expect(textsTo(patient.mobile)).toHaveLength(0);
  });
});

describe('sendMessage: quiet hours and frequency', () => {
  it('When an SMS is due at 22:30 patient-local time, then it is deferred to 08:00 the next day and goes out when asked again then', async () => {
    const patient = await fx.addPatient({ timezone: 'America/Chicago' });
    const request = fx.request(patient.id, { channel: 'sms' });
    const late = await fx.deps({ clock: () => chicago('2027-03-10T22:30:00') });
    const deferred = await fx.send(late, request);
    expect(deferred).toEqual({ status: 'deferred', messageId: expect.any(String), reason: 'quiet-hours', until: chicago('2027-03-11T08:00:00').toISOString() });
    expect(await ledgerRow(stack, deferred.messageId)).toMatchObject({ status: 'deferred', reason: 'quiet-hours', deferred_until: chicago('2027-03-11T08:00:00') });
    expect(textsTo(patient.mobile)).toHaveLength(0);

    const morning = await fx.deps({ clock: () => chicago('2027-03-11T08:00:00') });
    await expect(fx.send(morning, request, 2)).resolves.toEqual({ status: 'sent', messageId: deferred.messageId, channel: 'sms' });
    expect(textsTo(patient.mobile)).toHaveLength(1);
  });

  it('When the tenant narrows the window to 09:00-20:00, then an SMS at 08:30 waits for 09:00', async () => {
    const narrow = await messagingFixture(stack, { settings: { messaging: { clinicName: 'Narrow Clinic', sendWindow: { start: '09:00', end: '20:00' } } } });
    try {
      const patient = await narrow.addPatient();
      const early = await narrow.deps({ clock: () => chicago('2027-03-10T08:30:00') });
      await expect(narrow.send(early, narrow.request(patient.id, { channel: 'sms' }))).resolves.toMatchObject({
        status: 'deferred',
        reason: 'quiet-hours',
        until: chicago('2027-03-10T09:00:00').toISOString(),
      });
    } finally {
      await narrow.close();
    }
  });

  it('When the patient already got a text today, then the next one is deferred by the frequency cap to 08:00 tomorrow, and the week caps at three', async () => {
    const patient = await fx.addPatient();
    const day = (d: number) => fx.deps({ clock: () => chicago(`2027-03-${String(10 + d).padStart(2, '0')}T12:00:00`) });
    await expect(fx.send(await day(0), fx.request(patient.id))).resolves.toMatchObject({ status: 'sent', channel: 'sms' });
    await expect(fx.send(await day(0), fx.request(patient.id))).resolves.toMatchObject({
      status: 'deferred',
      reason: 'frequency-cap',
      until: chicago('2027-03-11T08:00:00').toISOString(),
    });
    await expect(fx.send(await day(1), fx.request(patient.id))).resolves.toMatchObject({ status: 'sent' });
    await expect(fx.send(await day(2), fx.request(patient.id))).resolves.toMatchObject({ status: 'sent' });
    await expect(fx.send(await day(3), fx.request(patient.id))).resolves.toMatchObject({
      status: 'deferred',
      reason: 'frequency-cap',
      until: chicago('2027-03-17T08:00:00').toISOString(),
    });
    expect(textsTo(patient.mobile)).toHaveLength(3);
  });

  it('When a critical-result alert goes to a clinician at 03:00 after other texts, then it is sent at once to their mobile', async () => {
    const clinician = await fx.tenant.addUser('physician');
    const mobile = uniqueMobile();
    await stack.ownerDb('users').where({ id: clinician.id }).update({ mobile_e164: mobile });
    const night = { ...(await fx.deps({ clock: () => chicago('2027-03-10T03:00:00') })), subjectResolvers: { 'lab-result': () => Promise.resolve({ alertId: 'CR-2027-0042' }) } };
    const alert = (n: number) => ({
      ...fx.request(clinician.id, { recipient: { type: 'user', userId: clinician.id }, template: 'critical-result.alert', channel: 'sms', purpose: 'staff-clinical-alert' }),
      subject: { type: 'lab-result' as const, id: `report-${n}` },
    });
    await expect(fx.send(night, alert(1))).resolves.toMatchObject({ status: 'sent', channel: 'sms' });
    await expect(fx.send(night, alert(2))).resolves.toMatchObject({ status: 'sent', channel: 'sms' });
    expect(textsTo(mobile).map((m) => m.body)).toEqual([expect.stringContaining('Ref CR-2027-0042'), expect.stringContaining('Ref CR-2027-0042')]);
  });
});
