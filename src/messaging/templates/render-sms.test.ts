import { InvalidTimeZoneError } from '../local-time.js';
import {
  InvalidTemplateVariableError,
  MissingTemplateVariableError,
  SmsTooLongError,
  TemplateVariableNotAllowedError,
  UnknownTemplateError,
} from './errors.js';
import { renderSms } from './render-sms.js';

const appointmentAt = new Date('2025-06-10T13:30:00Z'); // Tue 10 June, 09:30 in New York, 06:30 in Los Angeles

describe('renderSms', () => {
  it('When an English reminder renders for a Los Angeles patient, then the time is on their wall clock and the opt-out line ends it', () => {
    const sms = renderSms(
      'appointment.reminder',
      { clinicName: 'Lakeside Clinic', appointmentAt, practitionerName: 'Dr. Lee', locationName: 'Main St' },
      { timeZone: 'America/Los_Angeles', language: 'en' },
    );
    expect(sms).toEqual({
      key: 'appointment.reminder',
      language: 'en',
      body: 'Lakeside Clinic: reminder of your appointment Tue, Jun 10 at 6:30 AM with Dr. Lee, Main St. Reply STOP to opt out.',
      encoding: 'GSM-7',
      units: 114,
    });
  });

  it('When a Spanish reminder renders, then accents outside GSM-7 are folded and the Spanish opt-out line ends it', () => {
    const sms = renderSms('appointment.reminder', { clinicName: 'Clínica Núñez', appointmentAt }, { timeZone: 'America/New_York', language: 'es-MX' });
    expect(sms.body).toBe('Clinica Nuñez: recordatorio de su cita el mar 10 de jun, 9:30 a.m. Responda STOP para darse de baja.');
    expect(sms.encoding).toBe('GSM-7');
  });

  it('When the richest variant is too long, then a shorter variant that fits is sent', () => {
    const sms = renderSms(
      'appointment.reminder',
      {
        clinicName: 'Northside Family Medicine',
        appointmentAt,
        practitionerName: 'Dr. Alexandra Montgomery-Smith',
        locationName: 'Suite 400, 1200 Lakeshore Boulevard',
      },
      { timeZone: 'America/New_York' },
    );
    expect(sms.body).not.toContain('Lakeshore');
    expect(sms.body).toContain('with Dr. Alexandra Montgomery-Smith.');
    expect(sms.units).toBeLessThanOrEqual(160);
  });

  it('When no variant fits one GSM-7 segment, then SmsTooLongError names the length but not the text', () => {
    const clinicName = `Clinic ${'x'.repeat(110)}`;
    const attempt = () => renderSms('appointment.confirmed', { clinicName, appointmentAt }, { timeZone: 'UTC' });
    expect(attempt).toThrow(SmsTooLongError);
    expect(attempt).toThrow(expect.objectContaining({ encoding: 'GSM-7', message: expect.not.stringContaining('xxx') }));
  });

  it('When a value has no GSM-7 form, then the message is measured as UCS-2 and its 70-unit limit applies', () => {
    const attempt = () => renderSms('messaging.opt-in-confirmation', { clinicName: 'Clinic 😀' }, { timeZone: 'UTC' });
    expect(attempt).toThrow(expect.objectContaining({ name: 'SmsTooLongError', encoding: 'UCS-2' }));
  });

  it('When a caller passes a clinical variable, then the allow-list rejects it', () => {
    const diagnosis = () =>
      renderSms('appointment.reminder', { clinicName: 'A', appointmentAt, diagnosis: 'x' } as never, { timeZone: 'UTC' });
    expect(diagnosis).toThrow(TemplateVariableNotAllowedError);
    const value = () => renderSms('result.available', { clinicName: 'A', resultValue: '7.2' } as never, { timeZone: 'UTC' });
    expect(value).toThrow(TemplateVariableNotAllowedError);
  });

  it('When a required variable is missing, then MissingTemplateVariableError names it', () => {
    const attempt = () => renderSms('appointment.reminder', { clinicName: 'A' } as never, { timeZone: 'UTC' });
    expect(attempt).toThrow(new MissingTemplateVariableError('appointment.reminder', 'appointmentAt'));
  });

  it('When a link is not http(s), then it is rejected without echoing the value', () => {
    const attempt = () => renderSms('result.available', { clinicName: 'A', portalLink: 'javascript:alert(1)' }, { timeZone: 'UTC' });
    expect(attempt).toThrow(InvalidTemplateVariableError);
    expect(attempt).toThrow(expect.objectContaining({ message: expect.not.stringContaining('alert') }));
  });

  it('When the key or the time zone is unknown, then typed errors say so', () => {
    expect(() => renderSms('appointment.nope' as never, {} as never, { timeZone: 'UTC' })).toThrow(UnknownTemplateError);
    expect(() => renderSms('messaging.help', { clinicName: 'A' }, { timeZone: 'Nowhere/Land' })).toThrow(InvalidTimeZoneError);
  });

  it('When the patient language is unsupported, then the tenant default language is used', () => {
    const sms = renderSms('messaging.help', { clinicName: 'A' }, { timeZone: 'UTC', language: 'fr', tenantDefaultLanguage: 'es' });
    expect(sms.language).toBe('es');
    expect(sms.body.endsWith('Responda STOP para darse de baja.')).toBe(true);
  });

  it('When the opt-out confirmation renders, then it ends with how to opt back in, not with STOP', () => {
    const sms = renderSms('messaging.opt-out-confirmation', { clinicName: 'A' }, { timeZone: 'UTC' });
    expect(sms.body).toBe('A: you are unsubscribed and will get no more texts from this number. Reply START to resubscribe.');
  });

  it('When the tenant overrides the SMS, then the override is used and the opt-out line is still appended once', () => {
    const overrides = { 'messaging.help': { en: { sms: '{{clinicName}}: call us at {{clinicPhone}}.' } } };
    const plain = renderSms('messaging.help', { clinicName: 'A', clinicPhone: '555' }, { timeZone: 'UTC', overrides });
    expect(plain.body).toBe('A: call us at 555. Reply STOP to opt out.');
    const withFooter = { 'messaging.help': { en: { sms: '{{clinicName}}: hi. Reply STOP to opt out.' } } };
    expect(renderSms('messaging.help', { clinicName: 'A' }, { timeZone: 'UTC', overrides: withFooter }).body).toBe('A: hi. Reply STOP to opt out.');
  });

  it('When an override is for another language, then the catalog text is used', () => {
    const overrides = { 'messaging.help': { es: { sms: 'Hola' } } };
    expect(renderSms('messaging.help', { clinicName: 'A' }, { timeZone: 'UTC', language: 'en', overrides }).body).toMatch(/^A appointment texts/);
  });

  it('When an override references a clinical variable, then it is rejected', () => {
    const overrides = { 'result.available': { en: { sms: 'Your {{resultValue}} is ready' } } };
    expect(() => renderSms('result.available', { clinicName: 'A' }, { timeZone: 'UTC', overrides })).toThrow(TemplateVariableNotAllowedError);
  });
});
