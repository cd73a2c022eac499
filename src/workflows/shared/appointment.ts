import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { type ChannelChoice, type MessageChannel } from './messaging.js';
import { type TaskActorRef } from './tasks.js';

/**
 * What the API, the activities and the appointment workflow share; imports no workflow code.
 * IDs, codes and times only: names, contact details and notes stay in PostgreSQL.
 */
export const APPOINTMENT_WORKFLOW = 'appointmentWorkflow';
export const APPOINTMENT_CASE_TYPE = 'appointment';
export const appointmentWorkflowId = (appointmentId: string) => `appointment-${appointmentId}`;

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'checked-in', 'completed', 'cancelled', 'no-show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
/** Statuses in which reminders may still go out and the patient may still confirm or cancel. */
export const UPCOMING_STATUSES: readonly AppointmentStatus[] = ['booked', 'confirmed'];
export const isUpcoming = (status: AppointmentStatus) => UPCOMING_STATUSES.includes(status);

export interface AppointmentWorkflowInput {
  tenantId: string;
  appointmentId: string;
  /** The staff user who booked (an ID and a role): a referral's timeline names them for the booking. */
  bookedBy?: TaskActorRef;
}

/** The appointment as PostgreSQL holds it: the truth the workflow re-reads before it acts. */
export interface AppointmentFacts {
  status: AppointmentStatus;
  startsAt: string;
  endsAt: string;
  /** Incremented by every change; orders changes that reach the workflow by different paths. */
  version: number;
  patientId: string;
  bookedAt: string;
  /** Set when booked for a referral: the referral's workflow hears of the booking and the outcome. */
  referralId: string | null;
}

/** One step of the tenant's reminder plan, resolved to milliseconds before the start. */
export interface ReminderStepConfig {
  id: string;
  beforeMs: number;
  channel: ChannelChoice;
  template: string;
  /** A "please confirm" step: it is dropped once the patient has confirmed. */
  asksConfirmation: boolean;
}

export interface AppointmentWorkflowSettings {
  steps: ReminderStepConfig[];
  /** No check-in by the end time plus this: no-show. */
  noShowGraceMs: number;
  /** How long after a no-show the workflow still takes the patient's "R" to rebook. */
  rebookReplyWindowMs: number;
  /** How long after the end a checked-in visit may stay open before the workflow stops waiting. */
  completionTimeoutMs: number;
}

export type ReminderStepStatus = 'planned' | 'sent' | 'skipped' | 'suppressed' | 'deferred';

export interface ReminderStepView {
  stepId: string;
  template: string;
  channel: ChannelChoice;
  asksConfirmation: boolean;
  /** When the step is due for the current appointment time. */
  dueAt: string;
  status: ReminderStepStatus;
  /** Why the step is skipped, suppressed or deferred (or was re-planned). */
  reason?: string;
  /** When the status last changed. */
  at?: string;
  /** Deferred: when the workflow asks again. */
  until?: string;
  /** The channel it actually went out on. */
  sentChannel?: MessageChannel;
  /** The appointment time the step was sent for (it may have moved since). */
  sentFor?: string;
}

export type NoticeKind = 'confirmed' | 'cancelled' | 'moved' | 'reschedule-requested' | 'help' | 'no-show-rebook';

export interface NoticeView {
  kind: NoticeKind;
  status: 'pending' | 'sent' | 'suppressed' | 'deferred' | 'skipped';
  reason?: string;
  at?: string;
  until?: string;
}

export type WorkflowPhase = 'before-visit' | 'visit' | 'after-visit' | 'closed';

/** What `GET /appointments/:id` shows of the workflow. */
export interface AppointmentWorkflowState {
  appointmentId: string;
  phase: WorkflowPhase;
  status: AppointmentStatus;
  startsAt: string;
  endsAt: string;
  version: number;
  plan: ReminderStepView[];
  notices: NoticeView[];
  /** When the workflow marks a no-show if nobody checks the patient in. */
  noShowAt: string | null;
}

/** Staff moved the appointment; the API has written the new time (version) in the same transaction. */
export interface RescheduleCommand {
  startsAt: string;
  endsAt: string;
  version: number;
}

export interface CancelCommand {
  by: 'staff' | 'patient';
  reason: string;
  version: number;
  /** The staff user making the change, when it is one: a referral's timeline names them. */
  actor?: TaskActorRef;
}

export interface StatusCommand {
  status: 'checked-in' | 'completed' | 'no-show';
  version: number;
  /** The staff user making the change, when it is one: a referral's timeline names them. */
  actor?: TaskActorRef;
}

export const rescheduleAppointmentUpdate = defineUpdate<AppointmentWorkflowState, [RescheduleCommand]>('rescheduleAppointment');
export const cancelAppointmentUpdate = defineUpdate<AppointmentWorkflowState, [CancelCommand]>('cancelAppointment');
export const appointmentStatusUpdate = defineUpdate<AppointmentWorkflowState, [StatusCommand]>('appointmentStatus');
export const appointmentStateQuery = defineQuery<AppointmentWorkflowState>('appointmentState');

/** ApplicationFailure type of a change the workflow refuses; the message is one of the reasons below. */
export const APPOINTMENT_CHANGE_REJECTED = 'AppointmentChangeRejected';
export type AppointmentRejectionReason = 'appointment-closed' | 'not-upcoming' | 'stale-version' | 'invalid-transition';
