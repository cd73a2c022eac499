import { ActivityFailure, ApplicationFailure, condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { dueStep } from '../appointments/reminder-plan.js';
import { loadAppointmentForWorkflow, store } from '../appointments/workflow/activities.js';
import { Messenger } from '../appointments/workflow/messenger.js';
import { ReferralLink } from '../appointments/workflow/referral-link.js';
import { SchedulingTasks } from '../appointments/workflow/scheduling-tasks.js';
import { AppointmentRunState } from '../appointments/workflow-state.js';
import { cancelRejection, type ChangeGate, replyAction, rescheduleRejection, statusRejection } from '../appointments/workflow-rules.js';
import {
  APPOINTMENT_CHANGE_REJECTED,
  type AppointmentRejectionReason,
  type AppointmentStatus,
  type AppointmentWorkflowInput,
  type CancelCommand,
  type RescheduleCommand,
  type StatusCommand,
  appointmentStateQuery,
  appointmentStatusUpdate,
  cancelAppointmentUpdate,
  isUpcoming,
  rescheduleAppointmentUpdate,
} from './shared/appointment.js';
import { type PatientReply, patientReplySignal } from './shared/messaging.js';

/** How long a staff change waits for a send in flight before interrupting it (a retrying send can take minutes). */
const SEND_WAIT_MS = 5_000;

export type AppointmentWorkflowOutcome = AppointmentStatus | 'orphaned';

const rejection = (reason: AppointmentRejectionReason) => ApplicationFailure.create({ type: APPOINTMENT_CHANGE_REJECTED, message: reason, nonRetryable: true });
const reject = (reason: AppointmentRejectionReason | undefined): void => {
  if (reason) throw rejection(reason);
};

/**
 * One workflow per appointment (`appointment-<id>`), from booking until the visit is done: it sends
 * the reminder plan, takes the patient's replies, and follows staff changes at once. PostgreSQL holds
 * the appointment; the workflow re-reads it before each message, so nothing goes out for a time or a
 * status that is no longer true.
 */
export async function appointmentWorkflow(input: AppointmentWorkflowInput): Promise<AppointmentWorkflowOutcome> {
  const { workflowId } = workflowInfo();
  const replies: PatientReply[] = [];
  setHandler(patientReplySignal, (reply) => void replies.push(reply));

  // Staff changes may arrive while the appointment is still being loaded: their handlers are in place
  // from the start and wait for it. A staff change waits for a send in flight, and sends wait for
  // pending changes, so the caller's answer tells the truth about what the patient has been sent.
  let run: AppointmentRunState | undefined;
  let messenger: Messenger | undefined;
  let orphaned = false;
  let pendingChanges = 0;
  let changes = 0;
  const change = <C>(validate: (gate: ChangeGate, cmd: C) => AppointmentRejectionReason | undefined, apply: (state: AppointmentRunState, cmd: C, now: number) => void) => ({
    handler: async (cmd: C) => {
      pendingChanges += 1;
      try {
        await condition(() => run !== undefined || orphaned);
        if (!run || !messenger) throw rejection('appointment-closed');
        await messenger.settle(SEND_WAIT_MS);
        reject(validate(run.gate, cmd));
        apply(run, cmd, Date.now());
        return run.view(input.appointmentId);
      } finally {
        pendingChanges -= 1;
        changes += 1;
      }
    },
    validator: (cmd: C) => reject(orphaned ? 'appointment-closed' : run ? validate(run.gate, cmd) : undefined),
  });
  const reschedule = change<RescheduleCommand>(rescheduleRejection, (state, cmd, now) => state.reschedule(cmd, now));
  const cancel = change<CancelCommand>(cancelRejection, (state, cmd, now) => state.cancel(cmd, now));
  const status = change<StatusCommand>(statusRejection, (state, cmd, now) => state.setStatus(cmd, now));
  setHandler(rescheduleAppointmentUpdate, reschedule.handler, { validator: reschedule.validator });
  setHandler(cancelAppointmentUpdate, cancel.handler, { validator: cancel.validator });
  setHandler(appointmentStatusUpdate, status.handler, { validator: status.validator });
  setHandler(appointmentStateQuery, () => {
    if (!run) throw ApplicationFailure.create({ type: 'AppointmentLoading', message: 'appointment-loading', nonRetryable: true });
    return run.view(input.appointmentId);
  });

  const audit = (action: string, details: Record<string, unknown>) => store.auditAppointmentAction({ ...input, action, patientId: run!.facts.patientId, details });
  try {
    const loaded = await loadAppointmentForWorkflow(input);
    run = new AppointmentRunState(workflowId, loaded.settings, loaded.facts);
    messenger = new Messenger(input, workflowId, run, audit);
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    // The booking that started this workflow rolled back: there is no appointment to look after.
    orphaned = true;
    log.warn('appointment never became visible; workflow ends', { appointmentId: input.appointmentId });
    return 'orphaned';
  }
  const state = run;
  const send = messenger;
  const referral = new ReferralLink(input.appointmentId, () => state.facts.referralId);
  const tasks = new SchedulingTasks(input, () => void (changes += 1));

  await audit('appointment.reminder-plan', { steps: state.plan.map((s) => ({ stepId: s.stepId, status: s.status, reason: s.reason })) });
  if (isUpcoming(state.facts.status)) await referral.booked(input.bookedBy);

  /** Re-reads the committed row; a change accepted meanwhile may not be committed yet, so read again. */
  async function refresh(): Promise<void> {
    for (;;) {
      const seen = changes;
      const db = await store.readAppointmentState(input);
      if (changes !== seen) continue;
      if (state.adopt(db, Date.now())) await audit('appointment.workflow-reconciled', { version: db.version, status: db.status });
      return;
    }
  }

  async function handleReply(reply: PatientReply): Promise<void> {
    await refresh();
    const channel = reply.via === 'sms' ? 'sms' : 'email';
    const action = replyAction(state.gate, reply.intent, state.helpNotices);
    await audit('appointment.reply', { replyId: reply.replyId, intent: reply.intent, via: reply.via, phase: state.phase, action: action.kind });
    if (action.kind === 'decide') {
      const { decision } = action;
      const db = await store.recordPatientDecision({ ...input, decision, via: reply.via, replyId: reply.replyId, expectedVersion: state.facts.version });
      if (db.version > state.facts.version) state.adopt(db, Date.now());
      const decided = decision === 'confirm' ? 'confirmed' : 'cancelled';
      if (state.facts.status === decided) state.queueNotice(decided, channel, reply.replyId, Date.now());
    } else if (action.kind === 'reschedule-request') {
      // After a no-show the rebooking call is already in the inbox.
      if (!tasks.has('rebook-after-no-show')) {
        await tasks.request('reschedule-request', `reschedule-request:${reply.replyId}`, { patientId: state.facts.patientId, version: state.facts.version });
      }
      state.queueNotice('reschedule-requested', channel, reply.replyId, Date.now());
    } else if (action.kind === 'help') {
      state.helpNotices += 1;
      state.queueNotice('help', channel, reply.replyId, Date.now());
    }
  }

  for (;;) {
    await condition(() => pendingChanges === 0);
    await referral.outcome(state.facts.status, state.statusChangedBy);
    await tasks.closeAnswered(state.facts.version, state.facts.status === 'booked' ? 'appointment-rescheduled' : `appointment-${state.facts.status}`);
    const reply = replies.shift();
    if (reply) {
      await handleReply(reply);
      continue;
    }
    const notice = state.dueNotice(Date.now());
    if (notice) {
      // A staff change is announced only once its transaction has committed.
      if (notice.version !== undefined) await refresh();
      if (notice.version !== undefined && state.facts.version < notice.version) state.closeNotices('change-rolled-back', Date.now(), (n) => n.id === notice.id);
      else if (state.notices.find((n) => n.id === notice.id)?.status === notice.status && pendingChanges === 0) await send.deliverNotice(notice);
      continue;
    }
    if (state.noShowFollowUpDue) {
      state.noShowFollowUpDue = false;
      await tasks.request('rebook-after-no-show', 'rebook-after-no-show', {
        patientId: state.facts.patientId,
        version: state.facts.version,
        expireAfterMs: state.settings.rebookReplyWindowMs,
      });
      state.queueNotice('no-show-rebook', 'preferred', 'follow-up', Date.now(), { repliesUntil: new Date(state.afterVisitUntil!).toISOString() });
      continue;
    }
    const now = Date.now();
    if (state.phase === 'before-visit' && dueStep(state.plan, now)) {
      await refresh();
      const step = dueStep(state.plan, Date.now());
      if (step && state.phase === 'before-visit' && pendingChanges === 0) await send.sendStep(step);
      continue;
    }
    if (state.phase === 'before-visit' && now >= state.noShowAt) {
      const db = await store.markNoShow({ ...input, expectedVersion: state.facts.version });
      if (db.version > state.facts.version) state.adopt(db, Date.now());
      else await refresh();
      continue;
    }
    const finished =
      state.phase === 'closed' ||
      (state.phase === 'visit' && now >= state.completionDeadline) ||
      (state.phase === 'after-visit' && now >= (state.afterVisitUntil ?? 0) && !tasks.has('rebook-after-no-show'));
    if (finished && !state.hasOpenNotices()) {
      await tasks.closeAll(`appointment-${state.facts.status}`);
      break;
    }
    const wakeAt = state.nextWakeAt();
    const seen = changes;
    const woken = () => changes !== seen || replies.length > 0;
    // Nothing due now: sleep until the next due time, a change, a reply or a task closing.
    if (wakeAt === undefined || wakeAt <= Date.now()) await condition(woken);
    else await condition(woken, wakeAt - Date.now());
  }
  await audit('appointment.workflow-closed', { status: state.facts.status, phase: state.phase });
  return state.facts.status;
}
