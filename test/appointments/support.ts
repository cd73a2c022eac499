import { randomInt } from 'node:crypto';
import { type AppointmentWorkflowState } from '../../src/workflows/shared/appointment.js';
import { api } from '../support/http.js';
import { createTestTenant, type TestTenant } from '../support/identity.js';
import { type TestStack } from '../support/stack.js';

export { eventually } from '../support/eventually.js';

/** Working every day, all day (UTC): tests book visits seconds ahead at any hour. */
export const ALWAYS_OPEN = {
  timezone: 'UTC',
  slotIntervalMinutes: 15,
  hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
};

export interface ReminderStepSetting {
  id: string;
  before: string;
  channel: 'sms' | 'email' | 'preferred';
  template: 'appointment.reminder' | 'appointment.confirm-request';
}

export interface ClinicOptions {
  plan?: ReminderStepSetting[];
  noShowGrace?: string;
  rebookReplyWindow?: string;
  completionTimeout?: string;
  /** `tenants.settings.messaging` beyond the clinic name (send window, caps). */
  messaging?: Record<string, unknown>;
}

export interface Clinic {
  tenant: TestTenant;
  /** The tenant's physician user's practitioner record (so the physician sees "their own" schedule). */
  practitionerId: string;
  scheduler: string;
  addPatient(overrides?: Record<string, unknown>): Promise<{ id: string; mobile: string; email: string }>;
  /** Another practitioner working all day, so tests booking "in a few seconds" do not overlap. */
  addPractitioner(): Promise<string>;
}

/**
 * An IANA zone in which it is now about `hour` o'clock: quiet hours (08:00-21:00 patient time) must
 * not depend on when the suite runs. Etc/GMT zones have inverted signs (Etc/GMT-3 is UTC+3).
 */
export function zoneAtLocalHour(hour: number): string {
  let offset = hour - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

export async function createClinic(stack: TestStack, options: ClinicOptions = {}): Promise<Clinic> {
  const appointments = {
    reminderPlan: options.plan ?? [],
    noShowGrace: options.noShowGrace ?? 'PT1H',
    rebookReplyWindow: options.rebookReplyWindow ?? 'PT5S',
    completionTimeout: options.completionTimeout ?? 'PT1H',
  };
  const tenant = await createTestTenant(stack, { settings: { appointments, messaging: { clinicName: 'Lakeside Clinic', ...options.messaging } } });
  const practitionerId = tenant.users.physician.practitionerId!;
  const scheduler = tenant.token('scheduler');
  const openAllDay = async (id: string) => {
    const put = await api(stack.baseUrl, 'PUT', `/api/v1/practitioners/${id}/schedule`, { token: scheduler, body: ALWAYS_OPEN });
    if (put.status !== 200) throw new Error(`schedule not set: ${put.status} ${JSON.stringify(put.body)}`);
    return id;
  };
  await openAllDay(practitionerId);
  return {
    tenant,
    practitionerId,
    scheduler,
    addPractitioner: async () => openAllDay(await tenant.addPractitioner()),
    async addPatient(overrides = {}) {
      // A number of its own per patient: replies are matched by number, and the cap counts per patient.
      const mobile = `+1555${String(randomInt(1_000_000, 9_999_999))}`;
      const email = `patient-${mobile.slice(2)}@example.test`;
      const id = await tenant.addPatient({
        mobile_e164: mobile,
        email,
        timezone: zoneAtLocalHour(12),
        sms_consent: 'granted',
        sms_consent_source: 'intake-form',
        sms_consent_at: new Date(),
        email_consent: 'granted',
        email_consent_source: 'intake-form',
        email_consent_at: new Date(),
        ...overrides,
      });
      return { id, mobile, email };
    },
  };
}

export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

export async function book(stack: TestStack, clinic: Clinic, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await api(stack.baseUrl, 'POST', '/api/v1/appointments', {
    token: clinic.scheduler,
    headers,
    body: { practitionerId: clinic.practitionerId, type: 'follow-up', durationMinutes: 15, ...body },
  });
  return res;
}


/** The workflow's state as `GET /appointments/:id` shows it. */
export async function workflowState(stack: TestStack, clinic: Clinic, id: string): Promise<AppointmentWorkflowState | null> {
  const res = await api(stack.baseUrl, 'GET', `/api/v1/appointments/${id}`, { token: clinic.scheduler });
  if (res.status !== 200) throw new Error(`GET appointment: ${res.status}`);
  return res.body.workflow.state as AppointmentWorkflowState | null;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
