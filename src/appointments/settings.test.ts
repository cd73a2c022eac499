import { appointmentSettingsOf, AppointmentSettings, DEFAULT_APPOINTMENT_SETTINGS, toWorkflowSettings } from './settings.js';

describe('appointment settings', () => {
  it('When the tenant set nothing, then the default plan is 7 days by email, 48 hours by SMS asking to confirm, 2 hours by SMS', () => {
    const settings = toWorkflowSettings(appointmentSettingsOf({}));
    expect(settings.steps).toEqual([
      { id: 'week-before', beforeMs: 7 * 86_400_000, channel: 'email', template: 'appointment.reminder', asksConfirmation: false },
      { id: 'confirm-48h', beforeMs: 48 * 3_600_000, channel: 'sms', template: 'appointment.confirm-request', asksConfirmation: true },
      { id: 'day-of', beforeMs: 2 * 3_600_000, channel: 'sms', template: 'appointment.reminder', asksConfirmation: false },
    ]);
    expect(settings.noShowGraceMs).toBe(15 * 60_000);
  });

  it('When a tenant configures seconds, then the workflow gets them in milliseconds', () => {
    const stored = { appointments: { reminderPlan: [{ id: 'soon', before: 'PT5S', channel: 'preferred', template: 'appointment.confirm-request' }], noShowGrace: 'PT2S' } };
    const settings = toWorkflowSettings(appointmentSettingsOf(stored));
    expect(settings.steps).toEqual([{ id: 'soon', beforeMs: 5000, channel: 'preferred', template: 'appointment.confirm-request', asksConfirmation: true }]);
    expect(settings.noShowGraceMs).toBe(2000);
    expect(settings.rebookReplyWindowMs).toBe(3 * 86_400_000);
  });

  it('When stored settings no longer validate, then the defaults apply rather than no reminders', () => {
    expect(appointmentSettingsOf({ appointments: { reminderPlan: [{ id: 'x', before: 'soon' }] } }).reminderPlan).toEqual(DEFAULT_APPOINTMENT_SETTINGS.reminderPlan);
  });

  it('When settings are written with a bad duration, a clinical template or duplicate steps, then they are refused', () => {
    const base = DEFAULT_APPOINTMENT_SETTINGS;
    expect(AppointmentSettings.safeParse(base).success).toBe(true);
    expect(AppointmentSettings.safeParse({ ...base, noShowGrace: '15 minutes' }).success).toBe(false);
    expect(AppointmentSettings.safeParse({ ...base, reminderPlan: [{ id: 'a', before: 'P1D', channel: 'sms', template: 'result.available' }] }).success).toBe(false);
    const step = base.reminderPlan[0]!;
    expect(AppointmentSettings.safeParse({ ...base, reminderPlan: [step, step] }).success).toBe(false);
  });
});
