import { InvalidTemplateOverrideError, TemplateVariableNotAllowedError, UnknownTemplateError } from './errors.js';
import { validateTemplateOverrides } from './template-source.js';

describe('validateTemplateOverrides', () => {
  it('When overrides use allowed variables in supported languages, then they are accepted', () => {
    expect(() =>
      validateTemplateOverrides({
        'appointment.reminder': {
          en: { sms: '{{clinicName}}: see you {{appointmentAt:date}} {{appointmentAt:time}}[[ at {{locationName}}]].' },
          es: { emailSubject: 'Cita en {{clinicName}}', emailHtml: '<p>{{clinicName}}</p>' },
        },
      }),
    ).not.toThrow();
  });

  it.each([
    [{ 'appointment.nope': { en: { sms: 'x' } } }, UnknownTemplateError],
    [{ 'messaging.help': { fr: { sms: 'x' } } }, InvalidTemplateOverrideError],
    [{ 'messaging.help': { en: { body: 'x' } } }, InvalidTemplateOverrideError],
    [{ 'messaging.help': { en: { sms: '[[{{clinicPhone}}' } } }, InvalidTemplateOverrideError],
    [{ 'messaging.help': { en: { sms: '{{clinicName' } } }, InvalidTemplateOverrideError],
    [{ 'messaging.help': { en: { sms: '{{clinicName:date}}' } } }, InvalidTemplateOverrideError],
    [{ 'appointment.reminder': { en: { sms: '{{appointmentAt}}' } } }, InvalidTemplateOverrideError],
    [{ 'appointment.reminder': { en: { sms: '{{appointmentAt:weekday}}' } } }, InvalidTemplateOverrideError],
    [{ 'prescription.sent': { en: { sms: '{{drugName}} sent' } } }, TemplateVariableNotAllowedError],
    [{ 'messaging.help': { en: { sms: '{{alertId}}' } } }, TemplateVariableNotAllowedError],
  ])('When the override map is %j, then it is rejected with the matching typed error', (overrides, errorType) => {
    expect(() => validateTemplateOverrides(overrides as never)).toThrow(errorType);
  });
});
