import { z } from '../api/openapi/registry.js';
import { APPOINTMENT_STATUSES } from '../workflows/shared/appointment.js';

/**
 * Request and response shapes of the appointment routes; the same schemas validate requests and
 * document them. Durations are minutes and may be fractional (tests book 12-second visits).
 */
const Instant = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time with offset, e.g. 2026-12-01T09:30:00-05:00');
const DurationMinutes = z.number().positive().max(720);
const AppointmentType = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a short lower-case code such as new-patient or follow-up');
const ReasonCode = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a short lower-case code such as provider-unavailable');

export const BookBody = z.object({
  patientId: z.uuid(),
  practitionerId: z.uuid(),
  startsAt: Instant,
  durationMinutes: DurationMinutes,
  type: AppointmentType,
  locationId: z.uuid().optional(),
  /** Staff-only free text; never shown to the patient, never sent to Temporal. */
  note: z.string().max(2000).optional(),
  /** Booked for a referral: the referral's workflow is told of the booking and of the visit's outcome. */
  referralId: z.uuid().optional(),
});
export type BookInput = z.infer<typeof BookBody>;

export const RescheduleBody = z.object({
  startsAt: Instant,
  durationMinutes: DurationMinutes.optional(),
  locationId: z.uuid().optional(),
  /** Optimistic concurrency: the version the caller last saw. */
  version: z.number().int().positive().optional(),
});
export type RescheduleInput = z.infer<typeof RescheduleBody>;

export const CancelBody = z.object({
  reason: ReasonCode.default('patient-request'),
  version: z.number().int().positive().optional(),
});
export type CancelInput = z.infer<typeof CancelBody>;

export const StatusBody = z.object({ version: z.number().int().positive().optional() }).default({});

export const AppointmentListQuery = z.object({
  practitionerId: z.uuid().optional(),
  patientId: z.uuid().optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

const PlanStep = z.object({
  stepId: z.string(),
  template: z.string(),
  channel: z.string(),
  asksConfirmation: z.boolean(),
  dueAt: z.string(),
  status: z.enum(['planned', 'sent', 'skipped', 'suppressed', 'deferred']),
  reason: z.string().optional(),
  at: z.string().optional(),
  until: z.string().optional(),
  sentChannel: z.string().optional(),
  sentFor: z.string().optional(),
});

export const WorkflowStateView = z.object({
  appointmentId: z.uuid(),
  phase: z.enum(['before-visit', 'visit', 'after-visit', 'closed']),
  status: z.enum(APPOINTMENT_STATUSES),
  startsAt: z.string(),
  endsAt: z.string(),
  version: z.number(),
  plan: z.array(PlanStep),
  notices: z.array(z.object({ kind: z.string(), status: z.string(), reason: z.string().optional(), at: z.string().optional(), until: z.string().optional() })),
  noShowAt: z.string().nullable(),
});

export const WorkflowView = z.object({
  workflowId: z.string(),
  /** Null while Temporal or the worker cannot answer; the appointment itself is still shown. */
  state: WorkflowStateView.nullable(),
});

export const AppointmentView = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    practitionerId: z.uuid(),
    locationId: z.uuid().nullable(),
    type: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    durationMinutes: z.number(),
    status: z.enum(APPOINTMENT_STATUSES),
    note: z.string().nullable(),
    version: z.number(),
    confirmedAt: z.string().nullable(),
    confirmedVia: z.string().nullable(),
    checkedInAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    noShowAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    cancelledBy: z.enum(['staff', 'patient']).nullable(),
    referralId: z.uuid().nullable(),
    createdAt: z.string(),
    workflow: WorkflowView,
  })
  .partial()
  .openapi('Appointment', { description: 'Fields the caller may see: patients do not see the staff note' });
