import { LEGAL_FREQUENCY_CAPS } from '../frequency-cap.js';
import { LEGAL_SEND_WINDOW } from '../quiet-hours.js';
import { decideDelivery, type DecisionInput } from './decide-delivery.js';
import { type Recipient } from './recipient.js';

const ZONE = 'America/Chicago';
const at = (local: string) => new Date(new Date(`${local}-06:00`).getTime()); // CST, no DST in January

const patient = (overrides: Partial<Recipient> = {}): Recipient => ({
  kind: 'patient',
  active: true,
  timeZone: ZONE,
  language: 'en',
  preferred: 'sms',
  sms: { ok: true, address: '+15551230001' },
  email: { ok: true, address: 'pat@example.org' },
  ...overrides,
});

const input = (overrides: Partial<DecisionInput> = {}): DecisionInput => ({
  channel: 'preferred',
  purpose: 'appointment-reminder',
  recipient: patient(),
  now: at('2027-01-12T10:00:00'),
  timeZone: ZONE,
  window: LEGAL_SEND_WINDOW,
  caps: LEGAL_FREQUENCY_CAPS,
  smsSentAt: [],
  ...overrides,
});

describe('decideDelivery', () => {
  it('When the patient prefers SMS and consented to both, then it goes by SMS with email as the fallback', () => {
    expect(decideDelivery(input())).toEqual({ action: 'send', channel: 'sms', address: '+15551230001', fallbackEmail: 'pat@example.org' });
  });

  it('When the patient opted out of SMS, then the preferred route falls to email and an SMS-only request is suppressed', () => {
    const recipient = patient({ sms: { ok: false, reason: 'opted-out' } });
    expect(decideDelivery(input({ recipient }))).toMatchObject({ action: 'send', channel: 'email' });
    expect(decideDelivery(input({ recipient, channel: 'sms' }))).toEqual({ action: 'suppress', reason: 'opted-out' });
  });

  it('When no channel has consent, then the message is suppressed with the preferred channel’s reason', () => {
    const recipient = patient({ sms: { ok: false, reason: 'no-consent' }, email: { ok: false, reason: 'no-contact' } });
    expect(decideDelivery(input({ recipient }))).toEqual({ action: 'suppress', reason: 'no-consent' });
  });

  it('When the patient asked for no messages at all, then nothing is sent', () => {
    expect(decideDelivery(input({ recipient: patient({ preferred: 'none' }) }))).toEqual({ action: 'suppress', reason: 'no-consent' });
  });

  it('When an SMS is due at 22:30 local, then it is deferred to 08:00 the next day', () => {
    const decision = decideDelivery(input({ now: at('2027-01-12T22:30:00') }));
    expect(decision).toEqual({ action: 'defer', reason: 'quiet-hours', until: at('2027-01-13T08:00:00') });
  });

  it('When the same message goes by email at 22:30, then quiet hours do not hold it', () => {
    expect(decideDelivery(input({ channel: 'email', now: at('2027-01-12T22:30:00') }))).toMatchObject({ action: 'send', channel: 'email' });
  });

  it('When the patient already had a text today, then the next is held for the frequency cap until tomorrow 08:00', () => {
    const decision = decideDelivery(input({ smsSentAt: [at('2027-01-12T09:00:00')] }));
    expect(decision).toEqual({ action: 'defer', reason: 'frequency-cap', until: at('2027-01-13T08:00:00') });
  });

  it('When a critical clinical alert goes to staff at 03:00 after other texts, then it is sent at once', () => {
    const staff: Recipient = { ...patient(), kind: 'user', preferred: 'sms' };
    const decision = decideDelivery(input({ recipient: staff, purpose: 'staff-clinical-alert', now: at('2027-01-12T03:00:00'), smsSentAt: [at('2027-01-12T02:00:00')] }));
    expect(decision).toMatchObject({ action: 'send', channel: 'sms' });
  });

  it('When a patient message claims the staff-alert purpose, then quiet hours still hold it', () => {
    expect(decideDelivery(input({ purpose: 'staff-clinical-alert', now: at('2027-01-12T03:00:00') }))).toMatchObject({ action: 'defer', reason: 'quiet-hours' });
  });

  it('When the recipient is inactive, then nothing is sent', () => {
    expect(decideDelivery(input({ recipient: patient({ active: false }) }))).toEqual({ action: 'suppress', reason: 'recipient-inactive' });
  });
});
