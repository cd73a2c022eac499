import { Duration } from 'luxon';
import { z } from 'zod';
import { type AppointmentWorkflowSettings } from '../workflows/shared/appointment.js';

/**
 * A tenant's appointment settings, kept under `tenants.settings.appointments`. Durations are ISO 8601
 * (`P7D`, `PT48H`, `PT5S`), so production uses days and tests use seconds with the same code.
 */
const isoDuration = z.string().refine((value) => {
  const duration = Duration.fromISO(value);
  return duration.isValid && duration.as('milliseconds') >= 0;
}, 'must be a non-negative ISO 8601 duration such as P7D, PT48H or PT30S');

/** Templates that take an appointment as their subject and make sense as a reminder. */
export const REMINDER_TEMPLATES = ['appointment.reminder', 'appointment.confirm-request'] as const;

export const ReminderStepSetting = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be a short lower-case code such as confirm-48h'),
  before: isoDuration,
  channel: z.enum(['sms', 'email', 'preferred']),
  template: z.enum(REMINDER_TEMPLATES),
  /** Defaults to true for the confirm-request template. */
  asksConfirmation: z.boolean().optional(),
});

export const AppointmentSettings = z.object({
  reminderPlan: z
    .array(ReminderStepSetting)
    .max(10)
    .refine((steps) => new Set(steps.map((s) => s.id)).size === steps.length, 'step ids must be unique'),
  noShowGrace: isoDuration,
  rebookReplyWindow: isoDuration,
  completionTimeout: isoDuration,
});
export type AppointmentSettingsInput = z.infer<typeof AppointmentSettings>;

/** The default: 7 days before by email, 48 hours before by SMS asking to confirm, 2 hours before by SMS. */
export const DEFAULT_APPOINTMENT_SETTINGS: AppointmentSettingsInput = {
  reminderPlan: [
    { id: 'week-before', before: 'P7D', channel: 'email', template: 'appointment.reminder' },
    { id: 'confirm-48h', before: 'PT48H', channel: 'sms', template: 'appointment.confirm-request', asksConfirmation: true },
    { id: 'day-of', before: 'PT2H', channel: 'sms', template: 'appointment.reminder' },
  ],
  noShowGrace: 'PT15M',
  rebookReplyWindow: 'P3D',
  completionTimeout: 'PT12H',
};

const ms = (iso: string) => Duration.fromISO(iso).as('milliseconds');

/**
 * The tenant's settings merged over the defaults. Stored settings are validated when written; a
 * value that no longer validates falls back to the default rather than stopping reminders.
 */
export function appointmentSettingsOf(tenantSettings: unknown): AppointmentSettingsInput {
  const stored = (tenantSettings as { appointments?: unknown } | null)?.appointments;
  const parsed = AppointmentSettings.partial().safeParse(stored ?? {});
  return { ...DEFAULT_APPOINTMENT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

/** What the workflow runs on: every duration in milliseconds. */
export function toWorkflowSettings(settings: AppointmentSettingsInput): AppointmentWorkflowSettings {
  return {
    steps: settings.reminderPlan.map((step) => ({
      id: step.id,
      beforeMs: ms(step.before),
      channel: step.channel,
      template: step.template,
      asksConfirmation: step.asksConfirmation ?? step.template === 'appointment.confirm-request',
    })),
    noShowGraceMs: ms(settings.noShowGrace),
    rebookReplyWindowMs: ms(settings.rebookReplyWindow),
    completionTimeoutMs: ms(settings.completionTimeout),
  };
}
