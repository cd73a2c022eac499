import { addBusinessDays, type BusinessCalendar } from './business-calendar.js';

const calendar = (holidays: string[] = [], timeZone = 'America/New_York'): BusinessCalendar => ({ timeZone, weekend: [6, 7], holidays: new Set(holidays) });
const at = (iso: string) => new Date(iso);

describe('addBusinessDays', () => {
  it('When two business days start on a Tuesday, then the deadline is Thursday at the same time', () => {
    expect(addBusinessDays(at('2026-12-01T15:00:00-05:00'), 2, calendar()).toISOString()).toBe('2026-12-03T20:00:00.000Z');
  });

  it('When two business days start on a Friday, then the weekend is skipped and the deadline is Tuesday', () => {
    expect(addBusinessDays(at('2026-12-04T15:00:00-05:00'), 2, calendar()).toISOString()).toBe('2026-12-08T20:00:00.000Z');
  });

  it('When the period starts on a Saturday, then it counts from Monday morning', () => {
    expect(addBusinessDays(at('2026-12-05T10:00:00-05:00'), 2, calendar()).toISOString()).toBe('2026-12-09T05:00:00.000Z');
  });

  it('When a holiday falls inside the period, then it is skipped like a weekend day', () => {
    const due = addBusinessDays(at('2026-12-24T09:00:00-05:00'), 1, calendar(['2026-12-25']));
    expect(due.toISOString()).toBe('2026-12-28T14:00:00.000Z');
  });

  it('When the tenant works a Sunday-to-Thursday week, then Friday and Saturday are its weekend', () => {
    const gulf: BusinessCalendar = { timeZone: 'Asia/Dubai', weekend: [5, 6], holidays: new Set() };
    expect(addBusinessDays(at('2026-12-03T09:00:00+04:00'), 1, gulf).toISOString()).toBe('2026-12-06T05:00:00.000Z');
  });

  it('When daylight saving time ends inside the period, then the local time of day is kept', () => {
    expect(addBusinessDays(at('2026-10-30T09:00:00-04:00'), 1, calendar()).toISOString()).toBe('2026-11-02T14:00:00.000Z');
  });

  it('When every weekday is a weekend day, then the calendar is refused instead of looping', () => {
    expect(() => addBusinessDays(new Date(), 1, { timeZone: 'UTC', weekend: [1, 2, 3, 4, 5, 6, 7], holidays: new Set() })).toThrow(RangeError);
  });
});
