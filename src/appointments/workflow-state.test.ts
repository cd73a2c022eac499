import { type AppointmentFacts, type AppointmentWorkflowSettings } from '../workflows/shared/appointment.js';
import { AppointmentRunState } from './workflow-state.js';
import { cancelRejection, MAX_HELP_NOTICES, mayTransition, replyAction, rescheduleRejection, statusRejection } from './workflow-rules.js';

const S = 1000;
const BOOKED = Date.parse('2026-12-10T14:00:00Z');
const START = BOOKED + 60 * S;
const iso = (ms: number) => new Date(ms).toISOString();
const SETTINGS: AppointmentWorkflowSettings = {
  steps: [
    { id: 'early', beforeMs: 40 * S, channel: 'email', template: 'appointment.reminder', asksConfirmation: false },
    { id: 'confirm', beforeMs: 30 * S, channel: 'sms', template: 'appointment.confirm-request', asksConfirmation: true },
    { id: 'late', beforeMs: 10 * S, channel: 'sms', template: 'appointment.reminder', asksConfirmation: false },
  ],
  noShowGraceMs: 5 * S,
  rebookReplyWindowMs: 20 * S,
  completionTimeoutMs: 60 * S,
};
const facts = (over: Partial<AppointmentFacts> = {}): AppointmentFacts => ({
  status: 'booked',
  startsAt: iso(START),
  endsAt: iso(START + 15 * S),
  version: 1,
  patientId: 'patient-1',
  bookedAt: iso(BOOKED),
  referralId: null,
  ...over,
});
const newRun = () => new AppointmentRunState('appointment-a1', SETTINGS, facts());

describe('update validators', () => {
  it('When a change carries an older version than the workflow knows, then it is refused as stale', () => {
    const run = newRun();
    run.adopt(facts({ version: 3 }), BOOKED);
    expect(rescheduleRejection(run.gate, { startsAt: iso(START), endsAt: iso(START + S), version: 2 })).toBe('stale-version');
    expect(rescheduleRejection(run.gate, { startsAt: iso(START), endsAt: iso(START + S), version: 4 })).toBeUndefined();
  });

  it('When the workflow accepted a change whose transaction rolled back, then the next change with the same version is accepted', () => {
    const run = newRun();
    run.reschedule({ startsAt: iso(START + 100 * S), endsAt: iso(START + 110 * S), version: 2 }, BOOKED + S);
    expect(cancelRejection(run.gate, { by: 'staff', reason: 'x', version: 2 })).toBeUndefined();
  });

  it('When the appointment is closed or checked in, then a reschedule or cancel is refused', () => {
    const run = newRun();
    run.setStatus({ status: 'checked-in', version: 2 }, START);
    expect(cancelRejection(run.gate, { by: 'staff', reason: 'x', version: 3 })).toBe('not-upcoming');
    run.setStatus({ status: 'completed', version: 3 }, START);
    expect(rescheduleRejection(run.gate, { startsAt: iso(START), endsAt: iso(START + S), version: 4 })).toBe('appointment-closed');
  });

  it('When a status change does not follow the visit’s course, then it is refused', () => {
    const run = newRun();
    expect(statusRejection(run.gate, { status: 'completed', version: 2 })).toBeUndefined();
    run.setStatus({ status: 'no-show', version: 2 }, START);
    expect(statusRejection(run.gate, { status: 'checked-in', version: 3 })).toBe('invalid-transition');
    expect(mayTransition('checked-in', 'no-show')).toBe(false);
    expect(mayTransition('confirmed', 'checked-in')).toBe(true);
  });
});

describe('run state', () => {
  it('When booked 60 s ahead, then all steps are planned and the workflow first wakes for the earliest', () => {
    const run = newRun();
    expect(run.plan.map((s) => s.status)).toEqual(['planned', 'planned', 'planned']);
    expect(run.nextWakeAt()).toBe(START - 40 * S);
    expect(run.view('a1').noShowAt).toBe(iso(START + 20 * S));
  });

  it('When the patient confirms, then confirm requests close but the later reminder stays planned', () => {
    const run = newRun();
    run.adopt(facts({ status: 'confirmed', version: 2 }), START - 35 * S);
    expect(run.plan.map((s) => [s.stepId, s.status, s.reason])).toEqual([
      ['early', 'planned', undefined],
      ['confirm', 'skipped', 'already-confirmed'],
      ['late', 'planned', undefined],
    ]);
  });

  it('When staff cancel, then every open step closes, a cancellation notice is queued and the run closes', () => {
    const run = newRun();
    run.recordStepOutcome('early', { status: 'sent', messageId: 'm1', channel: 'email' }, START - 40 * S, iso(START));
    run.cancel({ by: 'staff', reason: 'provider-unavailable', version: 2 }, START - 35 * S);
    expect(run.plan.map((s) => s.status)).toEqual(['sent', 'skipped', 'skipped']);
    expect(run.phase).toBe('closed');
    expect(run.dueNotice(START - 35 * S)).toMatchObject({ kind: 'cancelled', version: 2, key: 'appointment-a1:notice:cancelled:2' });
    expect(run.nextWakeAt()).toBeUndefined();
  });

  it('When moved twice before the first notice went out, then only the latest move is announced', () => {
    const run = newRun();
    run.reschedule({ startsAt: iso(START + 100 * S), endsAt: iso(START + 110 * S), version: 2 }, BOOKED + S);
    run.reschedule({ startsAt: iso(START + 200 * S), endsAt: iso(START + 210 * S), version: 3 }, BOOKED + 2 * S);
    expect(run.notices.map((n) => [n.kind, n.status, n.version])).toEqual([
      ['moved', 'skipped', 2],
      ['moved', 'pending', 3],
    ]);
    expect(run.facts.startsAt).toBe(iso(START + 200 * S));
  });

  it('When a staff change rolled back after the workflow accepted it, then adopting the database restores the old plan', () => {
    const run = newRun();
    run.cancel({ by: 'staff', reason: 'x', version: 2 }, BOOKED + S);
    expect(run.adopt(facts({ version: 1 }), BOOKED + 2 * S)).toBe(true);
    expect(run.phase).toBe('before-visit');
    expect(run.plan.map((s) => s.status)).toEqual(['planned', 'planned', 'planned']);
  });

  it('When a no-show is recorded, then the rebooking follow-up is due and the run waits for replies until the window ends', () => {
    const run = newRun();
    run.adopt(facts({ status: 'no-show', version: 2 }), START + 20 * S);
    expect(run.phase).toBe('after-visit');
    expect(run.noShowFollowUpDue).toBe(true);
    expect(run.nextWakeAt()).toBe(START + 40 * S);
  });

  it('When a confirmation acknowledgement is held by the gates past the start, then it is dropped rather than sent late', () => {
    const run = newRun();
    run.queueNotice('confirmed', 'sms', 'reply-1', START - 30 * S);
    run.recordNoticeOutcome(run.notices[0]!.id, { status: 'deferred', messageId: 'm', until: iso(START + 3600 * S), reason: 'quiet-hours' }, START - 30 * S);
    expect(run.notices[0]).toMatchObject({ status: 'skipped', reason: 'quiet-hours-past-start' });
    expect(run.hasOpenNotices()).toBe(false);
  });

  it('When the same notice is queued twice (a redelivered reply), then it is queued once', () => {
    const run = newRun();
    run.queueNotice('help', 'sms', 'reply-9', BOOKED);
    run.queueNotice('help', 'sms', 'reply-9', BOOKED);
    expect(run.notices).toHaveLength(1);
  });

  it('When a move was announced for a change that rolled back, then the same move made again is announced', () => {
    const run = newRun();
    run.reschedule({ startsAt: iso(START + 100 * S), endsAt: iso(START + 110 * S), version: 2 }, BOOKED + S);
    run.closeNotices('change-rolled-back', BOOKED + 2 * S, () => true);
    run.adopt(facts({ version: 1 }), BOOKED + 2 * S);
    run.reschedule({ startsAt: iso(START + 100 * S), endsAt: iso(START + 110 * S), version: 2 }, BOOKED + 3 * S);
    expect(run.notices.map((n) => [n.key, n.status])).toEqual([
      ['appointment-a1:notice:moved:2', 'skipped'],
      ['appointment-a1:notice:moved:2', 'pending'],
    ]);
    expect(new Set(run.notices.map((n) => n.id)).size).toBe(2);
  });
});

describe('notice fallback', () => {
  it('When the frequency cap holds an SMS acknowledgement, then it goes by email at once and the text is dropped once the email is out', () => {
    const run = newRun();
    run.queueNotice('confirmed', 'sms', 'reply-1', START - 30 * S);
    const smsId = run.notices[0]!.id;
    expect(run.notices[0]!.key).toBe('appointment-a1:notice:confirmed:reply-1');
    run.recordNoticeOutcome(smsId, { status: 'deferred', messageId: 'm1', until: iso(START - 20 * S), reason: 'frequency-cap' }, START - 30 * S);
    const email = run.dueNotice(START - 30 * S)!;
    expect(email).toMatchObject({ kind: 'confirmed', channel: 'email', key: 'appointment-a1:notice:confirmed:reply-1:email', fallbackOf: smsId });
    run.recordNoticeOutcome(email.id, { status: 'sent', messageId: 'm2', channel: 'email' }, START - 29 * S);
    expect(run.notices.map((n) => [n.channel, n.status, n.reason])).toEqual([
      ['sms', 'skipped', 'sent-by-email'],
      ['email', 'sent', undefined],
    ]);
    expect(run.hasOpenNotices()).toBe(false);
  });

  it('When quiet hours hold an SMS notice, then it waits for the morning without an email fallback', () => {
    const run = newRun();
    run.queueNotice('moved', 'sms', '2', BOOKED);
    run.recordNoticeOutcome(run.notices[0]!.id, { status: 'deferred', messageId: 'm1', until: iso(BOOKED + 3600 * S), reason: 'quiet-hours' }, BOOKED);
    expect(run.notices).toHaveLength(1);
    expect(run.nextWakeAt()).toBe(START - 40 * S);
  });
});

describe('replies', () => {
  it('When the patient answers C or X before the visit, then it decides; a second C or a late answer does not', () => {
    expect(replyAction({ phase: 'before-visit', status: 'booked' }, 'confirm', 0)).toEqual({ kind: 'decide', decision: 'confirm' });
    expect(replyAction({ phase: 'before-visit', status: 'confirmed' }, 'decline', 0)).toEqual({ kind: 'decide', decision: 'decline' });
    expect(replyAction({ phase: 'before-visit', status: 'confirmed' }, 'confirm', 0)).toEqual({ kind: 'none' });
    expect(replyAction({ phase: 'after-visit', status: 'no-show' }, 'confirm', 0)).toEqual({ kind: 'help' });
  });

  it('When the patient answers R before the visit or after a no-show, then schedulers are asked to call; free text gets help a limited number of times', () => {
    expect(replyAction({ phase: 'after-visit', status: 'no-show' }, 'reschedule', 0)).toEqual({ kind: 'reschedule-request' });
    expect(replyAction({ phase: 'visit', status: 'checked-in' }, 'reschedule', 0)).toEqual({ kind: 'help' });
    expect(replyAction({ phase: 'before-visit', status: 'booked' }, 'other', MAX_HELP_NOTICES - 1)).toEqual({ kind: 'help' });
    expect(replyAction({ phase: 'before-visit', status: 'booked' }, 'other', MAX_HELP_NOTICES)).toEqual({ kind: 'none' });
  });
});
