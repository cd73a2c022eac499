import { checkFrequencyCap, InvalidFrequencyCapError, validateFrequencyCaps } from './frequency-cap.js';

const NY = 'America/New_York';
const at = (iso: string) => new Date(iso);

describe('checkFrequencyCap', () => {
  it('When nothing was sent, then a text is allowed', () => {
    expect(checkFrequencyCap({ sentAt: [], now: at('2025-06-11T15:00:00Z'), timeZone: NY })).toEqual({ allowed: true });
  });

  it('When a text went out earlier the same local day, then the next is held until local midnight', () => {
    const decision = checkFrequencyCap({ sentAt: [at('2025-06-11T13:00:00Z')], now: at('2025-06-11T20:00:00Z'), timeZone: NY });
    expect(decision).toEqual({ allowed: false, reason: 'daily-cap', earliestAt: at('2025-06-12T04:00:00Z') });
  });

  it('When the last text went out late yesterday local time (but today in UTC), then today is free', () => {
    // 2025-06-10 23:30 EDT is 2025-06-11 03:30 UTC.
    const decision = checkFrequencyCap({ sentAt: [at('2025-06-11T03:30:00Z')], now: at('2025-06-11T13:00:00Z'), timeZone: NY });
    expect(decision).toEqual({ allowed: true });
  });

  it('When three texts went out in the last seven local days, then the next waits for the oldest to leave the window', () => {
    // Local days Jun 5, Jun 7, Jun 9 (EDT); today Jun 11 -> window Jun 5..Jun 11 holds 3.
    const sentAt = [at('2025-06-05T14:00:00Z'), at('2025-06-07T14:00:00Z'), at('2025-06-09T14:00:00Z')];
    const decision = checkFrequencyCap({ sentAt, now: at('2025-06-11T14:00:00Z'), timeZone: NY });
    // Jun 12's window is Jun 6..Jun 12, holding 2.
    expect(decision).toEqual({ allowed: false, reason: 'weekly-cap', earliestAt: at('2025-06-12T04:00:00Z') });
  });

  it('When a text went out exactly seven local days ago, then it no longer counts', () => {
    const sentAt = [at('2025-06-04T14:00:00Z'), at('2025-06-07T14:00:00Z'), at('2025-06-09T14:00:00Z')];
    expect(checkFrequencyCap({ sentAt, now: at('2025-06-11T14:00:00Z'), timeZone: NY })).toEqual({ allowed: true });
  });

  it('When today is capped daily and the following days weekly, then the earliest day satisfies both', () => {
    // Texts on local Jun 9, 10, 11; today Jun 11. Jun 12..15 still see 3 in their window; Jun 16 sees 2.
    const sentAt = [at('2025-06-09T14:00:00Z'), at('2025-06-10T14:00:00Z'), at('2025-06-11T14:00:00Z')];
    const decision = checkFrequencyCap({ sentAt, now: at('2025-06-11T18:00:00Z'), timeZone: NY });
    expect(decision).toEqual({ allowed: false, reason: 'daily-cap', earliestAt: at('2025-06-16T04:00:00Z') });
  });

  it('When the held day starts after a DST change, then the earliest instant is local midnight in the new offset', () => {
    // Sent Sat 2025-03-08 10:00 EST; next local midnight (Sun 9 March) is still EST: 05:00 UTC.
    const one = checkFrequencyCap({ sentAt: [at('2025-03-08T15:00:00Z')], now: at('2025-03-08T20:00:00Z'), timeZone: NY });
    expect(one).toMatchObject({ earliestAt: at('2025-03-09T05:00:00Z') });
    // Sent Sun 2025-03-09 10:00 EDT; Monday midnight is EDT: 04:00 UTC.
    const two = checkFrequencyCap({ sentAt: [at('2025-03-09T14:00:00Z')], now: at('2025-03-09T20:00:00Z'), timeZone: NY });
    expect(two).toMatchObject({ earliestAt: at('2025-03-10T04:00:00Z') });
  });

  it('When the patient lives in Auckland, then days are counted on the Auckland calendar', () => {
    // 2025-07-15 09:00 NZST = 2025-07-14 21:00 UTC; now 2025-07-15 20:00 NZST = 08:00 UTC.
    const decision = checkFrequencyCap({ sentAt: [at('2025-07-14T21:00:00Z')], now: at('2025-07-15T08:00:00Z'), timeZone: 'Pacific/Auckland' });
    expect(decision).toEqual({ allowed: false, reason: 'daily-cap', earliestAt: at('2025-07-15T12:00:00Z') });
  });

  it('When the message is an exempt critical escalation, then it is allowed whatever was sent', () => {
    const sentAt = [at('2025-06-11T13:00:00Z')];
    expect(checkFrequencyCap({ sentAt, now: at('2025-06-11T14:00:00Z'), timeZone: NY, exempt: true })).toEqual({ allowed: true });
  });

  it('When the tenant lowers the weekly cap to 2, then the second text in a week is the last', () => {
    const sentAt = [at('2025-06-08T14:00:00Z'), at('2025-06-10T14:00:00Z')];
    const decision = checkFrequencyCap({ sentAt, now: at('2025-06-11T14:00:00Z'), timeZone: NY, caps: { perDay: 1, perRollingWeek: 2 } });
    expect(decision).toEqual({ allowed: false, reason: 'weekly-cap', earliestAt: at('2025-06-15T04:00:00Z') });
  });
});

describe('validateFrequencyCaps', () => {
  it.each([
    { perDay: 2, perRollingWeek: 3 },
    { perDay: 1, perRollingWeek: 4 },
    { perDay: 0, perRollingWeek: 3 },
    { perDay: 1, perRollingWeek: 1.5 },
  ])('When a tenant asks for caps %j beyond the legal ones, then they are rejected', (caps) => {
    expect(() => validateFrequencyCaps(caps)).toThrow(InvalidFrequencyCapError);
  });

  it('When the caps are the legal ones or stricter, then they are accepted', () => {
    expect(validateFrequencyCaps({ perDay: 1, perRollingWeek: 2 })).toEqual({ perDay: 1, perRollingWeek: 2 });
  });
});
