import { log } from '@temporalio/workflow';
import { type ReferralAppointmentEvent } from '../../workflows/shared/referral.js';
import { type TaskActorRef } from '../../workflows/shared/tasks.js';
import { store } from './activities.js';
import { type Notices } from './notices.js';
import { cancelTasks, SYSTEM_ACTOR } from './referral-tasks.js';
import { type ReferralRun } from './run-state.js';
import { linkAppointment, openNotScheduled, openReport, openScheduling, openSchedulerTask, openVisit } from './stage-flow.js';

/**
 * Booking and the visit: an appointment booked for the referral ends the scheduling stage; its
 * completion, no-show or cancellation ends the visit. Each event counts once per appointment.
 */
export async function onAppointment(run: ReferralRun, notices: Notices, event: ReferralAppointmentEvent): Promise<void> {
  const key = `${event.kind}:${event.appointmentId}`;
  if (run.seenAppointmentEvents.has(key)) return;
  const actor: TaskActorRef = event.actor ?? SYSTEM_ACTOR;
  if (event.kind === 'booked') {
    if (run.stage !== 'scheduling' || !run.scheduling) return log.info('booking ignored outside scheduling', { stage: run.stage });
    const link = await linkAppointment(run, event.appointmentId);
    if (!link) return;
    run.seenAppointmentEvents.add(key);
    await cancelTasks(run, ['schedule', 'notScheduled'], 'appointment-booked');
    run.clearTimers();
    await store.endReferralStage({ ...run.input, stageKey: run.scheduling.key, outcome: 'booked', actor, details: { appointmentId: event.appointmentId } });
    return openVisit(run, notices, event.appointmentId, link.endsAt);
  }
  if (run.stage !== 'visit' || run.appointmentId !== event.appointmentId) return;
  run.seenAppointmentEvents.add(key);
  run.clearTimers();
  const visit = { ...run.input, stageKey: run.stageKey!, actor };
  if (event.kind === 'completed') {
    await store.endReferralStage({ ...visit, outcome: 'completed', status: 'seen' });
    return openReport(run);
  }
  await store.endReferralStage({ ...visit, outcome: event.kind === 'no-show' ? 'no-show' : 'appointment-cancelled' });
  run.appointmentId = null;
  return openScheduling(run, notices, event.kind === 'no-show' ? 'no-show' : 'appointment-cancelled');
}

/**
 * The stage timers: the booking deadline (one reminder, a scheduler takes over), its follow-up (the
 * referrer is told) and the visit check (a no-show or completion no signal reported).
 */
export async function onTimer(run: ReferralRun, notices: Notices, name: string, stageKey: string): Promise<void> {
  if (run.stageKey !== stageKey || run.finished) return;
  if (name === 'booking-due' || name === 'booking-follow-up') {
    // A booking whose signal was lost still carries the referral's ID.
    const booked = await store.findReferralAppointment(run.input);
    if (booked) return onAppointment(run, notices, { kind: 'booked', appointmentId: booked });
  }
  if (name === 'booking-due') {
    // The booking SLA passed: one reminder to the patient, and a scheduler takes it on.
    notices.send('booking-reminder', stageKey, () => run.stageKey === stageKey);
    await openSchedulerTask(run);
    await store.auditReferralEvent({ ...run.input, action: 'referral.booking-overdue', details: { stageKey } });
    run.setTimer('booking-follow-up', Date.now() + (run.scheduling?.followUpMs ?? 0), stageKey);
  } else if (name === 'booking-follow-up') {
    await openNotScheduled(run);
  } else if (name === 'visit-check' && run.appointmentId) {
    const { status, endsAt } = await store.readReferralAppointment({ tenantId: run.input.tenantId, appointmentId: run.appointmentId });
    const kind = status === 'completed' ? 'completed' : status === 'no-show' ? 'no-show' : status === 'cancelled' ? 'cancelled' : undefined;
    if (kind) await onAppointment(run, notices, { kind, appointmentId: run.appointmentId });
    // Not over yet (or moved): look again an interval after it now ends.
    else run.setTimer('visit-check', Math.max(Date.now(), Date.parse(endsAt)) + run.loaded.visitCheckIntervalMs, stageKey);
  }
}
