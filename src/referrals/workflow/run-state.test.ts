import { ReferralRun } from './run-state.js';

const run = () => new ReferralRun({ tenantId: 't', referralId: 'r' }, 'referral-r');

describe('ReferralRun', () => {
  it('When stages repeat, then each gets the next round and a key of its own', () => {
    const r = run();
    expect(r.nextStage('scheduling')).toEqual({ key: 'scheduling-1', round: 1 });
    expect(r.nextStage('visit')).toEqual({ key: 'visit-1', round: 1 });
    expect(r.nextStage('scheduling')).toEqual({ key: 'scheduling-2', round: 2 });
  });

  it('When timers are set, then the earliest due one is taken once and a timer of the same name replaces the earlier one', () => {
    const r = run();
    r.setTimer('booking-due', 2000, 'scheduling-1');
    r.setTimer('visit-check', 1000, 'visit-1');
    r.setTimer('booking-due', 3000, 'scheduling-1');
    expect(r.nextTimerAt()).toBe(1000);
    expect(r.takeDueTimer(500)).toBeUndefined();
    expect(r.takeDueTimer(5000)).toMatchObject({ name: 'visit-check' });
    expect(r.takeDueTimer(5000)).toMatchObject({ name: 'booking-due', atMs: 3000 });
    expect(r.takeDueTimer(5000)).toBeUndefined();
  });

  it('When commands arrive before the referral is loaded or after it is closed, then they are refused with a reason', () => {
    const r = run();
    expect(r.closeRejection()).toBe('referral-loading');
    r.facts = { status: 'sent', urgency: 'routine', patientId: 'p', schedulingMode: 'patient', visitCheckIntervalMs: 1000, routing: {} as never };
    expect(r.closeRejection()).toBeUndefined();
    expect(r.requestInfoRejection()).toBe('wrong-stage');
    r.moreInfoKey = 'more-info-1';
    expect(r.requestInfoRejection()).toBe('info-already-requested');
    r.finished = true;
    expect(r.closeRejection()).toBe('referral-closed');
  });
});
