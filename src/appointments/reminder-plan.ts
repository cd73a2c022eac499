import { type ReminderStepConfig, type ReminderStepView } from '../workflows/shared/appointment.js';
import { type SendMessageOutcome } from '../workflows/shared/messaging.js';

/**
 * The reminder plan as pure functions of (steps, appointment time, now), so the workflow stays a thin
 * loop around them and every rule here is unit-tested without Temporal. Times are epoch milliseconds
 * in, ISO strings out (the query result). Deterministic: callers pass the workflow's clock.
 */

const iso = (ms: number) => new Date(ms).toISOString();
const OPEN: ReadonlySet<ReminderStepView['status']> = new Set(['planned', 'deferred']);

export const isOpen = (step: ReminderStepView) => OPEN.has(step.status);

/** The plan at booking: steps already past when the appointment was booked are skipped and say so. */
export function planAtBooking(steps: readonly ReminderStepConfig[], startsAtMs: number, bookedAtMs: number): ReminderStepView[] {
  return steps.map((config) => {
    const dueMs = startsAtMs - config.beforeMs;
    const base = { stepId: config.id, template: config.template, channel: config.channel, asksConfirmation: config.asksConfirmation, dueAt: iso(dueMs) };
    return dueMs >= bookedAtMs ? { ...base, status: 'planned' } : { ...base, status: 'skipped', reason: 'past-at-booking', at: iso(bookedAtMs) };
  });
}

/**
 * The plan after the appointment moved. A step still ahead for the new time is planned again (and
 * will be sent for the new time even if it went out for the old one); a step already behind keeps what
 * happened to it, and one that had not happened yet is skipped. Confirmation starts over: the patient
 * confirmed the old time, not the new one.
 */
export function planAfterReschedule(
  steps: readonly ReminderStepConfig[],
  previous: readonly ReminderStepView[],
  startsAtMs: number,
  nowMs: number,
): ReminderStepView[] {
  return steps.map((config) => {
    const dueMs = startsAtMs - config.beforeMs;
    const before = previous.find((p) => p.stepId === config.id);
    const base = { stepId: config.id, template: config.template, channel: config.channel, asksConfirmation: config.asksConfirmation, dueAt: iso(dueMs) };
    if (dueMs > nowMs) return { ...base, status: 'planned', ...(before && !isOpen(before) ? { reason: 'rescheduled', at: iso(nowMs) } : {}) };
    if (before && !isOpen(before)) return { ...before, dueAt: base.dueAt };
    return { ...base, status: 'skipped', reason: 'past-at-reschedule', at: iso(nowMs) };
  });
}

/** Closes every step that has not happened yet, e.g. on confirmation (confirm requests only) or cancellation. */
export function closeOpenSteps(
  plan: readonly ReminderStepView[],
  reason: string,
  nowMs: number,
  which: (step: ReminderStepView) => boolean = () => true,
): ReminderStepView[] {
  return plan.map((step) => (isOpen(step) && which(step) ? { ...step, status: 'skipped', reason, at: iso(nowMs), until: undefined } : step));
}

/** When a step is next actionable: its due time, or the end of its deferral. */
export function actionableAt(step: ReminderStepView): number {
  return Date.parse(step.status === 'deferred' && step.until ? step.until : step.dueAt);
}

/** The open step to act on now (earliest first), if any. */
export function dueStep(plan: readonly ReminderStepView[], nowMs: number): ReminderStepView | undefined {
  return plan
    .filter((s) => isOpen(s) && actionableAt(s) <= nowMs)
    .sort((a, b) => actionableAt(a) - actionableAt(b))[0];
}

/** The earliest moment an open step becomes actionable, or undefined when nothing is left. */
export function nextStepAt(plan: readonly ReminderStepView[]): number | undefined {
  const times = plan.filter(isOpen).map(actionableAt);
  return times.length > 0 ? Math.min(...times) : undefined;
}

/** Replaces one step of the plan (matched by id). */
export function withStep(plan: readonly ReminderStepView[], stepId: string, change: Partial<ReminderStepView>): ReminderStepView[] {
  return plan.map((s) => (s.stepId === stepId ? { ...s, ...change } : s));
}

/** The ledger key of one intended message: a moved appointment gets new keys, a retry the same one. */
export const stepMessageKey = (workflowId: string, stepId: string, startsAt: string) => `${workflowId}:step:${stepId}:${startsAt}`;

/**
 * What one send did: the messaging outcome, `failed` when the activity gave up after its retries, or
 * `interrupted` when a staff change cancelled a send that was still retrying.
 */
export type SendResult = SendMessageOutcome | { status: 'failed' } | { status: 'interrupted' };

/**
 * The step after a send attempt. A deferral that would land after the appointment has started is no
 * reminder any more: the step is skipped instead of sent late.
 */
export function outcomeChange(result: SendResult, nowMs: number, startsAt: string): Partial<ReminderStepView> {
  const at = iso(nowMs);
  switch (result.status) {
    case 'sent':
      return { status: 'sent', at, reason: undefined, until: undefined, sentChannel: result.channel, sentFor: startsAt };
    case 'suppressed':
      return { status: 'suppressed', at, reason: result.reason, until: undefined };
    case 'deferred':
      return Date.parse(result.until) >= Date.parse(startsAt)
        ? { status: 'skipped', at, reason: `${result.reason}-past-start`, until: undefined }
        : { status: 'deferred', at, reason: result.reason, until: result.until };
    case 'failed':
      return { status: 'skipped', at, reason: 'send-failed', until: undefined };
    case 'interrupted':
      return { status: 'skipped', at, reason: 'send-interrupted', until: undefined };
  }
}
