import { notifyReferralOfAppointment } from '../../src/referrals/appointment-notifier.js';
import { type ReferralAppointmentEventKind, referralStateQuery, type ReferralWorkflowView, referralWorkflowId } from '../../src/workflows/shared/referral.js';
import { api, type ApiResponse } from '../support/http.js';
import { createTestTenant, type TestTenant, type TestUser } from '../support/identity.js';
import { type TestStack } from '../support/stack.js';
import { eventually } from '../support/eventually.js';

export { eventually };

/** Working every day, all day (UTC): tests book visits seconds ahead at any hour. */
const ALWAYS_OPEN = { timezone: 'UTC', slotIntervalMinutes: 15, hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })) };

/** SLAs in seconds (ISO 8601), per stage; every urgency gets the same. */
export type SlaSeconds = Partial<Record<'triage' | 'moreInfo' | 'declineReview' | 'booking' | 'bookingFollowUp' | 'report' | 'review', number>>;

const LONG = 3600;

export interface ReferralClinic {
  tenant: TestTenant;
  referringDepartmentId: string;
  receivingDepartmentId: string;
  /** The tenant's physician, member of the referring department. */
  referrer: TestUser;
  /** A physician of the receiving department who sees the patient. */
  specialist: TestUser;
  /** The receiving department's on-call physician and its lead (escalation targets). */
  onCall: TestUser;
  lead: TestUser;
  scheduler: TestUser;
  patientId: string;
  patientEmail: string;
  call(method: string, path: string, user: TestUser | string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  refer(overrides?: Record<string, unknown>, user?: TestUser, headers?: Record<string, string>): Promise<ApiResponse>;
  addPatient(): Promise<{ id: string; email: string }>;
  /** Another practitioner working all day, so visits booked seconds ahead in different tests do not overlap. */
  addPractitioner(): Promise<string>;
}

export async function createReferralClinic(stack: TestStack, options: { sla?: SlaSeconds; scheduling?: 'patient' | 'scheduler' } = {}): Promise<ReferralClinic> {
  const sla = Object.fromEntries(
    (['triage', 'moreInfo', 'declineReview', 'booking', 'bookingFollowUp', 'report', 'review'] as const).map((kind) => {
      const iso = `PT${options.sla?.[kind] ?? LONG}S`;
      return [kind, { routine: iso, urgent: iso, emergent: iso }];
    }),
  );
  const tenant = await createTestTenant(stack, {
    settings: {
      referrals: { sla, scheduling: options.scheduling ?? 'patient', visitCheckInterval: 'PT2S' },
      messaging: { clinicName: 'Lakeside Clinic' },
      appointments: { reminderPlan: [], noShowGrace: 'PT2S', rebookReplyWindow: 'PT2S', completionTimeout: 'PT1H' },
    },
  });
  const physicianUser = async () => {
    const practitionerId = await tenant.addPractitioner({ kind: 'physician' });
    return { practitionerId, user: await tenant.addUser('physician', { practitionerId }) };
  };
  const [specialist, onCall, lead] = [await physicianUser(), await physicianUser(), await physicianUser()];
  const referringDepartmentId = await tenant.addDepartment({ specialty: 'Family medicine' });
  const receivingDepartmentId = await tenant.addDepartment({ specialty: 'Cardiology', on_call_practitioner_id: onCall.practitionerId, lead_practitioner_id: lead.practitionerId });
  const member = (userId: string, departmentId: string) =>
    tenant.scoped((trx) => trx('department_members').insert({ tenant_id: tenant.id, department_id: departmentId, user_id: userId }));
  await member(tenant.users.physician.id, referringDepartmentId);
  await member(specialist.user.id, receivingDepartmentId);
  const call = (method: string, path: string, user: TestUser | string, body?: unknown, headers?: Record<string, string>) =>
    api(stack.baseUrl, method, path, { token: typeof user === 'string' ? user : user.accessToken, body, headers });
  const openAllDay = async (practitionerId: string) => {
    const put = await call('PUT', `/api/v1/practitioners/${practitionerId}/schedule`, tenant.users.scheduler, ALWAYS_OPEN);
    if (put.status !== 200) throw new Error(`schedule not set: ${put.status}`);
    return practitionerId;
  };
  await openAllDay(specialist.practitionerId);
  const addPatient = async () => {
    const email = `referral-patient-${Math.random().toString(36).slice(2)}@example.test`;
    const id = await tenant.addPatient({
      email,
      preferred_channel: 'email',
      timezone: 'UTC',
      email_consent: 'granted',
      email_consent_source: 'intake-form',
      email_consent_at: new Date(),
    });
    return { id, email };
  };
  const patient = await addPatient();
  const clinic: ReferralClinic = {
    tenant,
    referringDepartmentId,
    receivingDepartmentId,
    referrer: tenant.users.physician,
    specialist: specialist.user,
    onCall: onCall.user,
    lead: lead.user,
    scheduler: tenant.users.scheduler,
    patientId: patient.id,
    patientEmail: patient.email,
    call,
    addPatient,
    addPractitioner: async () => openAllDay(await tenant.addPractitioner({ kind: 'physician' })),
    refer: (overrides = {}, user = tenant.users.physician, headers = {}) =>
      call(
        'POST',
        '/api/v1/referrals',
        user,
        {
          patientId: patient.id,
          target: { kind: 'department', departmentId: receivingDepartmentId },
          urgency: 'routine',
          reason: 'Exertional chest pain for three weeks',
          clinicalQuestion: 'Please assess for stable angina; stress test?',
          documents: [{ kind: 'clinical-note', reference: 'DocumentReference/ecg-2026-11-20', title: 'Resting ECG', description: 'Sinus rhythm, no acute changes' }],
          ...overrides,
        },
        headers,
      ),
  };
  return clinic;
}


export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/** The open task of a type the referral's workflow created (read as the owner, to assert on routing). */
export function openTask(stack: TestStack, referralId: string, type: string, timeoutMs?: number): Promise<Record<string, any>> {
  return eventually(
    () =>
      stack.ownerDb('tasks').where({ workflow_id: referralWorkflowId(referralId), type }).whereIn('status', ['open', 'claimed']).first() as Promise<Record<string, any> | undefined>,
    timeoutMs,
  );
}

export function tasksOf(stack: TestStack, referralId: string): Promise<Record<string, any>[]> {
  return stack.ownerDb('tasks').where({ workflow_id: referralWorkflowId(referralId) }).orderBy('created_at');
}

export async function referralRow(stack: TestStack, referralId: string): Promise<Record<string, any>> {
  return stack.ownerDb('referrals').where({ id: referralId }).first();
}

export function untilStatus(stack: TestStack, referralId: string, status: string, timeoutMs?: number): Promise<Record<string, any>> {
  return eventually(async () => {
    const row = await referralRow(stack, referralId);
    return row?.status === status && row;
  }, timeoutMs);
}

export function workflowState(stack: TestStack, referralId: string): Promise<ReferralWorkflowView> {
  return stack.temporal.workflow.getHandle(referralWorkflowId(referralId)).query(referralStateQuery);
}

/** Books a visit (with the specialist unless told otherwise) for the referral, as a scheduler would, starting in `inSecondsFromNow`. */
export async function bookVisit(
  stack: TestStack,
  clinic: ReferralClinic,
  referralId: string,
  inSecondsFromNow = 3,
  durationMinutes = 0.05,
  practitionerId = clinic.specialist.practitionerId!,
): Promise<string> {
  const row = await referralRow(stack, referralId);
  const res = await clinic.call('POST', '/api/v1/appointments', clinic.scheduler, {
    patientId: row.patient_id,
    practitionerId,
    startsAt: inSeconds(inSecondsFromNow),
    durationMinutes,
    type: 'referral-visit',
    referralId,
  });
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** What the appointment side tells the referral (also usable to drive the workflow directly). */
export const notifyAppointment = (stack: TestStack, referralId: string, kind: ReferralAppointmentEventKind, appointmentId: string) =>
  notifyReferralOfAppointment(stack.temporal, referralId, { kind, appointmentId });
