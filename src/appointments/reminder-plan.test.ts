import { type ReminderStepConfig } from '../workflows/shared/appointment.js';
import { closeOpenSteps, dueStep, nextStepAt, outcomeChange, planAfterReschedule, planAtBooking, stepMessageKey, withStep } from './reminder-plan.js';

const H = 3_600_000;
const STEPS: ReminderStepConfig[] = [
  { id: 'week-before', beforeMs: 168 * H, channel: 'email', template: 'appointment.reminder', asksConfirmation: false },
  { id: 'confirm-48h', beforeMs: 48 * H, channel: 'sms', template: 'appointment.confirm-request', asksConfirmation: true },
  { id: 'day-of', beforeMs: 2 * H, channel: 'sms', template: 'appointment.reminder', asksConfirmation: false },
];
const START = Date.parse('2026-12-10T15:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('planAtBooking', () => {
  it('When every step is ahead at booking, then all are planned at start minus their offset', () => {
    const plan = planAtBooking(STEPS, START, START - 200 * H);
    expect(plan.map((s) => [s.stepId, s.status, s.dueAt])).toEqual([
      ['week-before', 'planned', iso(START - 168 * H)],
      ['confirm-48h', 'planned', iso(START - 48 * H)],
      ['day-of', 'planned', iso(START - 2 * H)],
    ]);
  });

  it('When booked 30 hours ahead, then the 7-day and 48-hour steps are skipped as past-at-booking', () => {
    const bookedAt = START - 30 * H;
    const plan = planAtBooking(STEPS, START, bookedAt);
    expect(plan.map((s) => [s.stepId, s.status, s.reason])).toEqual([
      ['week-before', 'skipped', 'past-at-booking'],
      ['confirm-48h', 'skipped', 'past-at-booking'],
      ['day-of', 'planned', undefined],
    ]);
    expect(plan[0]!.at).toBe(iso(bookedAt));
  });
});

describe('planAfterReschedule', () => {
  const booked = planAtBooking(STEPS, START, START - 200 * H);

  it('When a sent step is still ahead for the new time, then it is planned again for the new time', () => {
    const sent = withStep(booked, 'week-before', { status: 'sent', at: iso(START - 168 * H), sentFor: iso(START) });
    const later = START + 96 * H;
    const plan = planAfterReschedule(STEPS, sent, later, START - 100 * H);
    expect(plan[0]).toMatchObject({ stepId: 'week-before', status: 'planned', reason: 'rescheduled', dueAt: iso(later - 168 * H) });
  });

  it('When a sent step is behind for the new time, then it keeps its sent record and is not sent again', () => {
    const sent = withStep(booked, 'week-before', { status: 'sent', at: iso(START - 168 * H), sentFor: iso(START) });
    const plan = planAfterReschedule(STEPS, sent, START + 24 * H, START - 100 * H);
    expect(plan[0]).toMatchObject({ status: 'sent', sentFor: iso(START) });
  });

  it('When a planned step falls behind because the visit moved earlier, then it is skipped as past-at-reschedule', () => {
    const now = START - 100 * H;
    const plan = planAfterReschedule(STEPS, booked, now + 10 * H, now);
    expect(plan.map((s) => [s.stepId, s.status, s.reason])).toEqual([
      ['week-before', 'skipped', 'past-at-reschedule'],
      ['confirm-48h', 'skipped', 'past-at-reschedule'],
      ['day-of', 'planned', undefined],
    ]);
  });

  it('When confirm requests were closed by a confirmation, then a move plans them again', () => {
    const confirmed = closeOpenSteps(booked, 'already-confirmed', START - 150 * H, (s) => s.asksConfirmation);
    expect(confirmed[1]!.status).toBe('skipped');
    const plan = planAfterReschedule(STEPS, confirmed, START + 24 * H, START - 150 * H);
    expect(plan[1]).toMatchObject({ status: 'planned', reason: 'rescheduled' });
  });
});

describe('due steps and outcomes', () => {
  const plan = planAtBooking(STEPS, START, START - 200 * H);

  it('When two steps are due, then the earliest is acted on first and the next wake-up is the earliest open step', () => {
    expect(dueStep(plan, START - 10 * H)?.stepId).toBe('week-before');
    expect(dueStep(plan, START - 200 * H)).toBeUndefined();
    expect(nextStepAt(plan)).toBe(START - 168 * H);
  });

  it('When a step is deferred, then it becomes due again at the end of the deferral', () => {
    const until = iso(START - 160 * H);
    const deferred = withStep(plan, 'week-before', outcomeChange({ status: 'deferred', messageId: 'm1', until, reason: 'quiet-hours' }, START - 168 * H, iso(START)));
    expect(deferred[0]).toMatchObject({ status: 'deferred', reason: 'quiet-hours', until });
    expect(dueStep(deferred, START - 165 * H)).toBeUndefined();
    expect(dueStep(deferred, START - 160 * H)?.stepId).toBe('week-before');
  });

  it('When a deferral would end after the start, then the step is skipped instead of sent late', () => {
    const change = outcomeChange({ status: 'deferred', messageId: 'm1', until: iso(START + H), reason: 'frequency-cap' }, START - 2 * H, iso(START));
    expect(change).toMatchObject({ status: 'skipped', reason: 'frequency-cap-past-start' });
  });

  it('When a send is suppressed or fails, then the step records why and is closed', () => {
    expect(outcomeChange({ status: 'suppressed', messageId: 'm', reason: 'opted-out' }, START, iso(START))).toMatchObject({ status: 'suppressed', reason: 'opted-out' });
    expect(outcomeChange({ status: 'failed' }, START, iso(START))).toMatchObject({ status: 'skipped', reason: 'send-failed' });
    expect(outcomeChange({ status: 'sent', messageId: 'm', channel: 'sms' }, START, iso(START))).toMatchObject({ status: 'sent', sentChannel: 'sms', sentFor: iso(START) });
  });

  it('When the appointment moves, then the ledger key of a step changes, and a retry keeps it', () => {
    expect(stepMessageKey('appointment-1', 'day-of', iso(START))).toBe(stepMessageKey('appointment-1', 'day-of', iso(START)));
    expect(stepMessageKey('appointment-1', 'day-of', iso(START))).not.toBe(stepMessageKey('appointment-1', 'day-of', iso(START + H)));
  });
});
