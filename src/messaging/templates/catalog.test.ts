import { type Language, SUPPORTED_LANGUAGES } from './catalog-types.js';
import { LANGUAGE_PACKS } from './language.js';
import { renderEmail } from './render-email.js';
import { renderSms } from './render-sms.js';
import { templateSource } from './template-source.js';
import { allowedVariables, requiredVariables, TEMPLATE_KEYS, type TemplateKey, TEMPLATE_VARIABLES, VARIABLE_KINDS } from './variables.js';

// Long but realistic values, and a Wednesday in September (the longest Spanish short date).
const LONG_VALUES: Readonly<Record<string, string | Date>> = {
  clinicName: 'Northside Family Medicine & Pediatrics',
  clinicPhone: '+1 (555) 010-0199',
  practitionerName: 'Dr. Alexandra Montgomery-Smith',
  locationName: 'Suite 400, 1200 Lakeshore Blvd',
  pharmacyName: 'Walgreens #12345 Lakeshore Blvd',
  appointmentAt: new Date('2025-09-24T20:45:00Z'),
  bookingLink: 'https://sc.example.org/b/AbCdEf123456',
  manageLink: 'https://sc.example.org/m/AbCdEf123456',
  portalLink: 'https://portal.example.org/results',
  ackLink: 'https://sc.example.org/ack/8f14e45fceea',
  alertId: 'CR-2025-000123',
};

function variablesFor(key: TemplateKey, which: 'all' | 'required'): Record<string, string | Date> {
  const names = which === 'all' ? [...allowedVariables(key)] : requiredVariables(key);
  return Object.fromEntries(names.map((name) => [name, LONG_VALUES[name]!]));
}

const cases = SUPPORTED_LANGUAGES.flatMap((language) => TEMPLATE_KEYS.map((key) => [key, language] as [TemplateKey, Language]));
const context = (language: Language) => ({ timeZone: 'America/Chicago', language });

describe('the template catalog', () => {
  it('When the catalog is listed, then it holds every template the workflows use', () => {
    expect([...TEMPLATE_KEYS].sort()).toEqual(
      [
        'appointment.reminder', 'appointment.confirm-request', 'appointment.confirmed', 'appointment.cancelled',
        'appointment.moved', 'appointment.no-show-rebook', 'appointment.reschedule-requested', 'result.available',
        'referral.accepted', 'referral.please-book', 'referral.booked', 'referral.declined', 'prescription.sent', 'prescription.not-approved',
        'critical-result.alert', 'messaging.opt-out-confirmation', 'messaging.opt-in-confirmation', 'messaging.help',
        'task.reminder', 'task.escalated',
      ].sort(),
    );
  });

  it('When any allow-list is read, then no template accepts a clinical-detail variable', () => {
    const clinical = /diagnos|result|test|drug|medic|dose|lab|allerg|condition|procedure|value|rx|icd|loinc|note|reason|specialt/i;
    const names = Object.values(TEMPLATE_VARIABLES).flatMap((spec) => [...spec.required, ...spec.optional]);
    expect(names.filter((name) => clinical.test(name))).toEqual([]);
    expect(Object.keys(VARIABLE_KINDS).filter((name) => clinical.test(name))).toEqual([]);
  });

  it.each(cases)('When %s (%s) is parsed, then every placeholder is on its allow-list', (key, language) => {
    expect(() => templateSource(key, language)).not.toThrow();
  });

  it.each(cases)('When %s (%s) renders with long values, then the SMS is one GSM-7 segment ending with its footer', (key, language) => {
    const sms = renderSms(key, variablesFor(key, 'all') as never, context(language));
    const { footers } = LANGUAGE_PACKS[language];
    expect(sms.body.endsWith(key === 'messaging.opt-out-confirmation' ? footers.resubscribe : footers.optOut)).toBe(true);
    expect(sms).toMatchObject({ encoding: 'GSM-7', language });
    expect(sms.units).toBeLessThanOrEqual(160);
  });

  it.each(cases)('When %s (%s) renders with only required values, then SMS and email render', (key, language) => {
    const variables = variablesFor(key, 'required') as never;
    expect(renderSms(key, variables, context(language)).units).toBeLessThanOrEqual(160);
    const email = renderEmail(key, variables, context(language));
    expect(email.subject).not.toBe('');
    expect(email.text).not.toMatch(/\{\{|\[\[|\]\]/);
    expect(email.html).toContain(`<html lang="${language}">`);
  });
});
