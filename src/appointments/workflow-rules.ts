import { type PatientReply } from '../workflows/shared/messaging.js';
import {
  type AppointmentRejectionReason,
  type AppointmentStatus,
  type CancelCommand,
  type NoticeKind,
  type RescheduleCommand,
  type StatusCommand,
  type WorkflowPhase,
  isUpcoming,
} from '../workflows/shared/appointment.js';

/**
 * The appointment workflow's decisions that do not need Temporal: which changes it accepts (the
 * update validators) and which template each notice uses. Pure, so they are unit-tested directly.
 */
export interface ChangeGate {
  phase: WorkflowPhase;
  status: AppointmentStatus;
  version: number;
}

function common(gate: ChangeGate, version: number): AppointmentRejectionReason | undefined {
  if (gate.phase === 'closed') return 'appointment-closed';
  // Versions come from PostgreSQL, where every change increments them under a row lock; an older one
  // is a change the workflow has already been overtaken by. An equal one is accepted: it replaces a
  // change the workflow heard of but whose transaction then rolled back (PostgreSQL reused the number).
  if (version < gate.version) return 'stale-version';
  return undefined;
}

export function rescheduleRejection(gate: ChangeGate, cmd: RescheduleCommand): AppointmentRejectionReason | undefined {
  const base = common(gate, cmd.version);
  if (base) return base;
  if (!isUpcoming(gate.status)) return 'not-upcoming';
  if (!(Date.parse(cmd.endsAt) > Date.parse(cmd.startsAt))) return 'invalid-transition';
  return undefined;
}

export function cancelRejection(gate: ChangeGate, cmd: CancelCommand): AppointmentRejectionReason | undefined {
  const base = common(gate, cmd.version);
  if (base) return base;
  return isUpcoming(gate.status) ? undefined : 'not-upcoming';
}

const STATUS_FROM: Record<StatusCommand['status'], readonly AppointmentStatus[]> = {
  'checked-in': ['booked', 'confirmed'],
  completed: ['booked', 'confirmed', 'checked-in'],
  'no-show': ['booked', 'confirmed'],
};

export function statusRejection(gate: ChangeGate, cmd: StatusCommand): AppointmentRejectionReason | undefined {
  const base = common(gate, cmd.version);
  if (base) return base;
  return STATUS_FROM[cmd.status].includes(gate.status) ? undefined : 'invalid-transition';
}

/** Whether the API may move an appointment in `status` to `target` (the same table the workflow applies). */
export const mayTransition = (status: AppointmentStatus, target: StatusCommand['status']) => STATUS_FROM[target].includes(status);

export const NOTICE_TEMPLATES: Record<NoticeKind, string> = {
  confirmed: 'appointment.confirmed',
  cancelled: 'appointment.cancelled',
  moved: 'appointment.moved',
  'reschedule-requested': 'appointment.reschedule-requested',
  help: 'messaging.help',
  'no-show-rebook': 'appointment.no-show-rebook',
};

/**
 * Notices that only matter before the visit: if the gates hold them until after the start, they are
 * dropped rather than sent late. A move, a cancellation, a reschedule acknowledgement or the rebooking
 * offer is always worth sending.
 */
export const EXPIRES_AT_START: ReadonlySet<NoticeKind> = new Set(['confirmed', 'help']);

/** At most this many help texts per appointment: a patient typing free text should not get a flood. */
export const MAX_HELP_NOTICES = 2;

export type ReplyAction = { kind: 'decide'; decision: 'confirm' | 'decline' } | { kind: 'reschedule-request' } | { kind: 'help' } | { kind: 'none' };

/**
 * What a patient's reply does. C/YES and X/NO decide an upcoming appointment (a second C changes
 * nothing); R asks schedulers to call, before the visit or after a no-show; anything else, or a
 * decision that comes too late, gets the help text, a limited number of times.
 */
export function replyAction(gate: Pick<ChangeGate, 'phase' | 'status'>, intent: PatientReply['intent'], helpNotices: number): ReplyAction {
  if ((intent === 'confirm' || intent === 'decline') && gate.phase === 'before-visit') {
    return intent === 'confirm' && gate.status === 'confirmed' ? { kind: 'none' } : { kind: 'decide', decision: intent };
  }
  if (intent === 'reschedule' && (gate.phase === 'before-visit' || gate.phase === 'after-visit')) return { kind: 'reschedule-request' };
  return helpNotices < MAX_HELP_NOTICES ? { kind: 'help' } : { kind: 'none' };
}
