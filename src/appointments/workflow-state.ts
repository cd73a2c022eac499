import {
  type AppointmentFacts,
  type AppointmentStatus,
  type AppointmentWorkflowSettings,
  type AppointmentWorkflowState,
  type CancelCommand,
  type NoticeKind,
  type NoticeView,
  type RescheduleCommand,
  type ReminderStepView,
  type StatusCommand,
  type WorkflowPhase,
  isUpcoming,
} from '../workflows/shared/appointment.js';
import { type ChannelChoice } from '../workflows/shared/messaging.js';
import { type TaskActorRef } from '../workflows/shared/tasks.js';
import { closeOpenSteps, nextStepAt, outcomeChange, planAfterReschedule, planAtBooking, type SendResult, withStep } from './reminder-plan.js';
import { type ChangeGate, EXPIRES_AT_START } from './workflow-rules.js';

export interface Notice extends NoticeView {
  id: string;
  channel: ChannelChoice;
  /** The ledger key: one per intended notice, stable across retries and deferrals. */
  key: string;
  /** For notices of a staff change: sent only once that version is committed. */
  version?: number;
  /** Replies to it reach the workflow until this time. */
  repliesUntil?: string;
  /** The SMS notice this email stands in for, while the frequency cap holds the text. */
  fallbackOf?: string;
}

/** Notices that still make sense once the visit has happened, been cancelled or missed. */
const SURVIVES_CLOSING: ReadonlySet<NoticeKind> = new Set(['cancelled', 'no-show-rebook', 'reschedule-requested']);

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Everything the appointment workflow knows, and every state change it makes, without Temporal: the
 * workflow file wires these methods to handlers, timers and activities. Deterministic (callers pass
 * the workflow clock), so the same rules are unit-tested here and replayed in workflow histories.
 */
export class AppointmentRunState {
  plan: ReminderStepView[];
  notices: Notice[] = [];
  phase: WorkflowPhase;
  /** After a no-show: until when a reply still rebooks. */
  afterVisitUntil: number | undefined;
  /** A no-show still needs its follow-up (the rebooking task and offer). */
  noShowFollowUpDue = false;
  helpNotices = 0;
  /** The staff user behind the current status, when staff set it (told to a linked referral). */
  statusChangedBy: TaskActorRef | undefined;

  constructor(
    readonly workflowId: string,
    readonly settings: AppointmentWorkflowSettings,
    public facts: AppointmentFacts,
  ) {
    this.plan = planAtBooking(settings.steps, Date.parse(facts.startsAt), Date.parse(facts.bookedAt));
    this.phase = 'before-visit';
    if (facts.status !== 'booked') this.enterStatus(facts.status, Date.parse(facts.bookedAt));
  }

  get gate(): ChangeGate {
    return { phase: this.phase, status: this.facts.status, version: this.facts.version };
  }

  get noShowAt(): number {
    return Date.parse(this.facts.endsAt) + this.settings.noShowGraceMs;
  }

  get completionDeadline(): number {
    return Date.parse(this.facts.endsAt) + this.settings.completionTimeoutMs;
  }

  view(appointmentId: string): AppointmentWorkflowState {
    return {
      appointmentId,
      phase: this.phase,
      status: this.facts.status,
      startsAt: this.facts.startsAt,
      endsAt: this.facts.endsAt,
      version: this.facts.version,
      plan: this.plan,
      notices: this.notices.map(({ kind, status, reason, at, until }) => ({ kind, status, reason, at, until })),
      noShowAt: this.phase === 'before-visit' ? iso(this.noShowAt) : null,
    };
  }

  reschedule(cmd: RescheduleCommand, now: number): void {
    this.facts = { ...this.facts, startsAt: cmd.startsAt, endsAt: cmd.endsAt, version: cmd.version, status: 'booked' };
    this.plan = planAfterReschedule(this.settings.steps, this.plan, Date.parse(cmd.startsAt), now);
    this.phase = 'before-visit';
    // Only the latest move is worth announcing.
    this.closeNotices('superseded', now, (n) => n.kind === 'moved');
    this.queueNotice('moved', 'preferred', String(cmd.version), now, { version: cmd.version, repliesUntil: cmd.startsAt });
  }

  cancel(cmd: CancelCommand, now: number): void {
    this.facts = { ...this.facts, status: 'cancelled', version: cmd.version };
    this.statusChangedBy = cmd.actor;
    this.enterStatus('cancelled', now);
    this.queueNotice('cancelled', 'preferred', String(cmd.version), now, { version: cmd.version });
  }

  setStatus(cmd: StatusCommand, now: number): void {
    this.facts = { ...this.facts, status: cmd.status, version: cmd.version };
    this.statusChangedBy = cmd.actor;
    this.enterStatus(cmd.status, now);
  }

  /**
   * Continues from the database's version of the appointment when it differs from the workflow's:
   * a change the workflow made itself (a reply, a no-show), or one it never heard of (a staff change
   * whose transaction rolled back after the workflow accepted it).
   */
  adopt(db: AppointmentFacts, now: number): boolean {
    const prev = this.facts;
    if (db.version === prev.version && db.status === prev.status && db.startsAt === prev.startsAt) return false;
    this.facts = db;
    // A change the workflow did not receive from staff (a reply, a no-show, a reconciliation).
    if (db.status !== prev.status) this.statusChangedBy = undefined;
    if (isUpcoming(db.status)) {
      if (prev.startsAt !== db.startsAt || prev.endsAt !== db.endsAt || !isUpcoming(prev.status)) {
        this.plan = planAfterReschedule(this.settings.steps, this.plan, Date.parse(db.startsAt), now);
        this.phase = 'before-visit';
      }
      if (db.status === 'confirmed') this.plan = closeOpenSteps(this.plan, 'already-confirmed', now, (s) => s.asksConfirmation);
      return true;
    }
    if (db.status !== prev.status) this.enterStatus(db.status, now);
    return true;
  }

  private enterStatus(status: AppointmentStatus, now: number): void {
    switch (status) {
      case 'booked':
        return;
      case 'confirmed':
        this.plan = closeOpenSteps(this.plan, 'already-confirmed', now, (s) => s.asksConfirmation);
        return;
      case 'checked-in':
        this.plan = closeOpenSteps(this.plan, 'checked-in', now);
        this.closeNotices('checked-in', now, (n) => !SURVIVES_CLOSING.has(n.kind));
        this.phase = 'visit';
        return;
      case 'no-show':
        this.plan = closeOpenSteps(this.plan, 'no-show', now);
        this.closeNotices('no-show', now, (n) => !SURVIVES_CLOSING.has(n.kind));
        this.phase = 'after-visit';
        this.afterVisitUntil = now + this.settings.rebookReplyWindowMs;
        this.noShowFollowUpDue = true;
        return;
      case 'cancelled':
      case 'completed':
        this.plan = closeOpenSteps(this.plan, status === 'cancelled' ? 'appointment-cancelled' : 'completed', now);
        this.closeNotices(`appointment-${status}`, now, (n) => !SURVIVES_CLOSING.has(n.kind) || (status === 'cancelled' && n.kind === 'reschedule-requested'));
        this.phase = 'closed';
        return;
    }
  }

  /**
   * Queues a notice. Its ledger key is stable (a redelivered reply queues nothing new); a notice
   * skipped before it went out (a change that rolled back) does not block a later one with its key.
   */
  queueNotice(kind: NoticeKind, channel: ChannelChoice, keySuffix: string, now: number, extra: Pick<Notice, 'version' | 'repliesUntil' | 'fallbackOf'> = {}): void {
    const key = `${this.workflowId}:notice:${kind}:${keySuffix}`;
    if (this.notices.some((n) => n.key === key && n.status !== 'skipped')) return;
    this.notices.push({ id: `${key}#${this.notices.length}`, key, kind, channel, status: 'pending', at: iso(now), ...extra });
  }

  closeNotices(reason: string, now: number, which: (n: Notice) => boolean): void {
    this.notices = this.notices.map((n) =>
      (n.status === 'pending' || n.status === 'deferred') && which(n) ? { ...n, status: 'skipped', reason, at: iso(now), until: undefined } : n,
    );
  }

  dueNotice(now: number): Notice | undefined {
    return this.notices.find((n) => n.status === 'pending' || (n.status === 'deferred' && Date.parse(n.until!) <= now));
  }

  hasOpenNotices(): boolean {
    return this.notices.some((n) => n.status === 'pending' || n.status === 'deferred');
  }

  recordStepOutcome(stepId: string, result: SendResult, now: number, startsAt: string): void {
    this.plan = withStep(this.plan, stepId, outcomeChange(result, now, startsAt));
  }

  /**
   * Records a notice's send. The frequency cap allows one text a day, so an SMS notice answering the
   * patient (an acknowledgement, a move) would often wait until tomorrow: it also goes by email at once,
   * and the text is dropped once the email is out.
   */
  recordNoticeOutcome(id: string, result: SendResult, now: number): void {
    const notice = this.notices.find((n) => n.id === id);
    if (!notice) return;
    const expires = EXPIRES_AT_START.has(notice.kind) ? this.facts.startsAt : '9999-12-31T00:00:00.000Z';
    const change = outcomeChange(result, now, expires);
    this.notices = this.notices.map((n) =>
      n.id === id ? { ...n, status: change.status as NoticeView['status'], reason: change.reason, at: change.at, until: change.until } : n,
    );
    if (result.status === 'deferred' && result.reason === 'frequency-cap' && notice.channel !== 'email' && !notice.fallbackOf) {
      this.notices.push({
        id: `${notice.key}:email#${this.notices.length}`,
        key: `${notice.key}:email`,
        kind: notice.kind,
        channel: 'email',
        status: 'pending',
        at: iso(now),
        fallbackOf: notice.id,
        version: notice.version,
      });
    }
    if (notice.fallbackOf && result.status === 'sent') this.closeNotices('sent-by-email', now, (n) => n.id === notice.fallbackOf);
  }

  /** When the workflow next has something to do on its own (replies and changes wake it anyway). */
  nextWakeAt(): number | undefined {
    const times: number[] = [];
    if (this.phase === 'before-visit') times.push(nextStepAt(this.plan) ?? Infinity, this.noShowAt);
    if (this.phase === 'visit') times.push(this.completionDeadline);
    if (this.phase === 'after-visit' && this.afterVisitUntil !== undefined) times.push(this.afterVisitUntil);
    for (const n of this.notices) if (n.status === 'deferred' && n.until) times.push(Date.parse(n.until));
    const next = Math.min(...times);
    return Number.isFinite(next) ? next : undefined;
  }
}
