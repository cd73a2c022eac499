import { ActivityFailure } from '@temporalio/workflow';
import { type ReferralStage, type ReferralStatus, type SlaKind } from '../../workflows/shared/referral.js';
import { type OpenedStage } from '../../workflows/shared/referral.js';
import { type TaskActorRef } from '../../workflows/shared/tasks.js';
import { store, waiting } from './activities.js';
import { type Notices } from './notices.js';
import { openTask, SYSTEM_ACTOR } from './referral-tasks.js';
import { type ReferralRun } from './run-state.js';

/**
 * Opening each stage of the loop: the stage row (with its SLA resolved on the tenant calendar), the
 * referral's status, the task of whoever must act next, the patient's notice and the stage's timers.
 */
async function open(run: ReferralRun, stage: ReferralStage, status: ReferralStatus, sla: SlaKind | null, actor: TaskActorRef = SYSTEM_ACTOR, followUp?: SlaKind): Promise<OpenedStage> {
  const { key, round } = run.nextStage(stage);
  const opened = await store.openReferralStage({ ...run.input, stageKey: key, stage, round, status, sla, actor, ...(followUp ? { followUp } : {}) });
  run.enter(stage, key, status);
  return opened;
}

/** Sent → received: the receiver's triage task (department pool or practitioner), due by urgency. */
export async function openTriage(run: ReferralRun): Promise<void> {
  const { routing } = run.loaded;
  const opened = await open(run, 'triage', 'received', 'triage');
  run.triageKey = opened.stageKey;
  await openTask(run, 'triage', opened.stageKey, {
    assignee: routing.triage.assignee,
    category: routing.triage.category,
    slaMs: opened.slaMs,
    escalationDepartmentId: routing.external ? routing.referringDepartmentId : routing.receivingDepartmentId,
  });
}

/** The receiver asks the referrer: the triage task is held (its SLA clock stops) until the answer. */
export async function openMoreInfo(run: ReferralRun, actor: TaskActorRef): Promise<void> {
  const triage = run.taskOf('triage');
  if (triage) await triage.handle.hold('more-info-requested');
  await store.pauseReferralStage({ ...run.input, stageKey: run.triageKey! });
  const opened = await open(run, 'more-info', 'info-requested', 'moreInfo', actor);
  run.moreInfoKey = opened.stageKey;
  await openReferrerTask(run, 'moreInfo', opened);
}

export async function openDeclineReview(run: ReferralRun): Promise<void> {
  const opened = await open(run, 'decline-review', 'declined', 'declineReview');
  await openReferrerTask(run, 'declined', opened);
}

async function openReferrerTask(run: ReferralRun, role: 'moreInfo' | 'declined' | 'notScheduled' | 'review', opened: Pick<OpenedStage, 'stageKey' | 'slaMs'>): Promise<void> {
  const { routing } = run.loaded;
  await openTask(run, role, opened.stageKey, { assignee: routing.referrer, category: 'sign-off', slaMs: opened.slaMs, escalationDepartmentId: routing.referringDepartmentId });
}

/**
 * Accepted → scheduling. First time round the patient is invited to book (or told a scheduler will
 * call, who gets a task); after a no-show or a cancelled visit the appointment workflow has already
 * offered to rebook, so a scheduler task follows up. The booking SLA starts now.
 */
export async function openScheduling(run: ReferralRun, notices: Notices, cause: 'accepted' | 'no-show' | 'appointment-cancelled'): Promise<void> {
  const opened = await open(run, 'scheduling', 'accepted', 'booking', SYSTEM_ACTOR, 'bookingFollowUp');
  run.scheduling = { key: opened.stageKey, followUpMs: opened.followUpMs ?? 0 };
  const patientBooks = cause === 'accepted' && run.loaded.schedulingMode === 'patient';
  const stillScheduling = () => run.stageKey === opened.stageKey;
  if (cause === 'accepted') notices.send(patientBooks ? 'please-book' : 'accepted', opened.stageKey, stillScheduling);
  if (!patientBooks) await openSchedulerTask(run);
  if (opened.slaMs !== null) run.setTimer('booking-due', Date.now() + opened.slaMs, opened.stageKey);
}

export async function openSchedulerTask(run: ReferralRun): Promise<void> {
  if (run.taskOf('schedule') || !run.scheduling) return;
  await openTask(run, 'schedule', run.scheduling.key, { assignee: { poolId: run.loaded.routing.schedulerPoolId }, category: 'scheduling', slaMs: null, escalationDepartmentId: null });
}

/** Still no booking after the reminder (or the scheduler could not reach the patient): the referrer is told. */
export async function openNotScheduled(run: ReferralRun): Promise<void> {
  if (run.taskOf('notScheduled') || !run.scheduling) return;
  run.clearTimers();
  await openReferrerTask(run, 'notScheduled', { stageKey: run.scheduling.key, slaMs: run.scheduling.followUpMs });
}

/** Booked → visit: the appointment is linked and the patient told; the workflow checks the appointment after it ends. */
export async function openVisit(run: ReferralRun, notices: Notices, appointmentId: string, endsAt: string): Promise<void> {
  const opened = await open(run, 'visit', 'scheduled', null);
  run.appointmentId = appointmentId;
  run.scheduling = undefined;
  notices.send('booked', opened.stageKey, () => run.appointmentId === appointmentId && run.stage === 'visit');
  run.setTimer('visit-check', Math.max(Date.now(), Date.parse(endsAt)) + run.loaded.visitCheckIntervalMs, opened.stageKey);
}

/** Seen → report: the practitioner who saw the patient (or the receiving pool) writes the consult report. */
export async function openReport(run: ReferralRun): Promise<void> {
  const { routing } = run.loaded;
  const assignee = routing.external ? routing.referrer : await store.referralReportAssignee({ ...run.input, appointmentId: run.appointmentId });
  const opened = await open(run, 'report', routing.external ? 'accepted' : 'seen', 'report');
  await openTask(run, 'report', opened.stageKey, {
    assignee,
    category: 'sign-off',
    slaMs: opened.slaMs,
    escalationDepartmentId: routing.external ? routing.referringDepartmentId : routing.receivingDepartmentId,
  });
}

/** Report received → the referrer's review; their acknowledgement closes the loop. */
export async function openReview(run: ReferralRun): Promise<void> {
  const opened = await open(run, 'review', 'report-received', 'review');
  await openReferrerTask(run, 'review', opened);
}

/** Links a booked appointment; false when it cannot be (another patient's, cancelled, or its booking rolled back). */
export async function linkAppointment(run: ReferralRun, appointmentId: string): Promise<{ endsAt: string } | undefined> {
  try {
    const link = await waiting.linkReferralAppointment({ ...run.input, appointmentId });
    return link.linked ? { endsAt: link.endsAt } : undefined;
  } catch (err) {
    if (err instanceof ActivityFailure) return undefined;
    throw err;
  }
}
