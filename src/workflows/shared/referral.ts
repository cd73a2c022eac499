import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { type TaskActorRef, type TaskAssignee, type TaskCategory } from './tasks.js';

/**
 * What the API, the activities and the referral workflow share; imports no workflow code.
 * IDs, codes and durations only: the clinical question, notes and the report stay in PostgreSQL, sealed.
 */
export const REFERRAL_WORKFLOW = 'referralWorkflow';
export const REFERRAL_CASE_TYPE = 'referral';
export const referralWorkflowId = (referralId: string) => `referral-${referralId}`;

export const URGENCIES = ['routine', 'urgent', 'emergent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The referral's state as CLINICAL.md names it: sent → received → accepted / declined / info requested → scheduled → seen → report → closed. */
export const REFERRAL_STATUSES = [
  'draft',
  'sent',
  'received',
  'info-requested',
  'declined',
  'accepted',
  'scheduled',
  'seen',
  'report-received',
  'closed',
  'cancelled',
  'rerouted',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const FINAL_STATUSES: readonly ReferralStatus[] = ['closed', 'cancelled', 'rerouted'];

/** Stages of the loop, each with its own SLA and someone who must act next. */
export const REFERRAL_STAGES = ['triage', 'more-info', 'decline-review', 'scheduling', 'visit', 'report', 'review'] as const;
export type ReferralStage = (typeof REFERRAL_STAGES)[number];

/** SLA settings per stage (tenant-configurable per urgency); `bookingFollowUp` is the wait after the booking reminder. */
export const SLA_KINDS = ['triage', 'moreInfo', 'declineReview', 'booking', 'bookingFollowUp', 'report', 'review'] as const;
export type SlaKind = (typeof SLA_KINDS)[number];

export interface ReferralWorkflowInput {
  tenantId: string;
  referralId: string;
}

/** Task types the referral workflow creates (shown and filtered in the inbox) and their decision options. */
export const REFERRAL_TASKS = {
  triage: { type: 'referral-triage', options: ['accept', 'decline'] },
  moreInfo: { type: 'referral-more-info', options: ['answered'] },
  declined: { type: 'referral-declined', options: ['cancel'] },
  schedule: { type: 'referral-schedule', options: ['unable-to-reach'] },
  notScheduled: { type: 'referral-not-scheduled', options: ['keep-waiting', 'cancel'] },
  report: { type: 'referral-report', options: ['report-sent'] },
  review: { type: 'referral-report-review', options: ['acknowledge'] },
} as const;
export type ReferralTaskRole = keyof typeof REFERRAL_TASKS;

/** Who works each part of the loop, resolved by the load activity (IDs only). */
export interface ReferralRouting {
  triage: { assignee: TaskAssignee; category: TaskCategory };
  /** The pool of schedulers who book for the receiving side. */
  schedulerPoolId: string;
  referrer: TaskAssignee;
  receivingDepartmentId: string | null;
  referringDepartmentId: string | null;
  /** External receivers: staff record the organisation's answers; there is no visit to book here. */
  external: boolean;
}

export interface ReferralWorkflowFacts {
  status: ReferralStatus;
  urgency: Urgency;
  patientId: string;
  /** 'patient': the patient is invited to book; 'scheduler': a scheduler task books for them. */
  schedulingMode: 'patient' | 'scheduler';
  /** How often the visit stage re-reads the linked appointment (a no-show the appointment workflow records). */
  visitCheckIntervalMs: number;
  routing: ReferralRouting;
}

/** What opening a stage returns: its SLA as wall-clock milliseconds from now (business days resolved). */
export interface OpenedStage {
  stageKey: string;
  dueAt: string | null;
  slaMs: number | null;
  /** Scheduling stages: how long after the booking reminder before the referrer is told. */
  followUpMs: number | null;
}

/** Sent by the appointment side when an appointment booked for a referral changes. */
export type ReferralAppointmentEventKind = 'booked' | 'completed' | 'no-show' | 'cancelled';
export interface ReferralAppointmentEvent {
  kind: ReferralAppointmentEventKind;
  appointmentId: string;
  /** Who caused it (the scheduler who booked, the clinician who completed the visit), when known. */
  actor?: TaskActorRef;
}
export const referralAppointmentSignal = defineSignal<[ReferralAppointmentEvent]>('referralAppointment');

/** The receiver asks the referrer for more information: the triage SLA pauses until the answer. */
export interface RequestInfoCommand {
  actor: TaskActorRef;
  noteId: string;
}

/** Ends the referral at any stage: open tasks are cancelled and the history kept. */
export interface CloseCommand {
  kind: 'cancel' | 'reroute';
  actor: TaskActorRef;
  reason: string;
  noteId?: string;
  replacementReferralId?: string;
}

export interface ReferralWorkflowView {
  referralId: string;
  status: ReferralStatus;
  stage: ReferralStage | null;
  stageKey: string | null;
  appointmentId: string | null;
  openTasks: { taskId: string; role: ReferralTaskRole; stageKey: string; onHold: boolean }[];
  timers: { name: string; at: string }[];
  finished: boolean;
}

export const requestReferralInfoUpdate = defineUpdate<ReferralWorkflowView, [RequestInfoCommand]>('requestReferralInfo');
export const closeReferralUpdate = defineUpdate<ReferralWorkflowView, [CloseCommand]>('closeReferral');
/** Answers once the workflow has acted on a decided task of its own, so the API can answer with the new state. */
export const awaitReferralTaskUpdate = defineUpdate<ReferralWorkflowView, [{ taskId: string }]>('awaitReferralTask');
export const referralStateQuery = defineQuery<ReferralWorkflowView>('referralState');

/** ApplicationFailure type of a command the workflow refuses; the message is one of the reasons below. */
export const REFERRAL_COMMAND_REJECTED = 'ReferralCommandRejected';
export type ReferralRejectionReason = 'referral-closed' | 'wrong-stage' | 'info-already-requested' | 'referral-loading';

/** Activity failure types: the referral (or a booked appointment) is not committed yet; a request that can never succeed. */
export const REFERRAL_NOT_VISIBLE = 'ReferralNotVisible';
export const REFERRAL_APPOINTMENT_NOT_VISIBLE = 'ReferralAppointmentNotVisible';
export const REFERRAL_INVALID = 'ReferralInvalid';
