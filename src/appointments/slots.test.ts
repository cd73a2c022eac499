import { DateTime } from 'luxon';
import { formatClock, freeSlots, isAvailable, parseClock, type WeeklySchedule, workingPeriods } from './slots.js';

const NY = 'America/New_York';
const weekdays9to17: WeeklySchedule = {
  timezone: NY,
  slotIntervalMinutes: 30,
  hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 })),
};
const at = (local: string) => DateTime.fromISO(local, { zone: NY }).toMillis();
const MIN = 60_000;

describe('working periods', () => {
  it('When a week is asked for, then each weekday yields 09:00-17:00 local and the weekend nothing', () => {
    const periods = workingPeriods(weekdays9to17, at('2026-12-07T00:00'), at('2026-12-14T00:00'));
    expect(periods).toHaveLength(5);
    expect(periods[0]).toEqual({ start: at('2026-12-07T09:00'), end: at('2026-12-07T17:00') });
  });

  it('When the clocks change (DST), then working hours stay 09:00 local', () => {
    const periods = workingPeriods(weekdays9to17, at('2027-03-15T00:00'), at('2027-03-16T00:00'));
    expect(DateTime.fromMillis(periods[0]!.start, { zone: NY }).toFormat('HH:mm')).toBe('09:00');
    expect(periods[0]!.end - periods[0]!.start).toBe(8 * 60 * MIN);
  });

  it('When hours run to 24:00 and on from 00:00 the next day, then they merge into one period', () => {
    const allDay: WeeklySchedule = { timezone: 'UTC', slotIntervalMinutes: 15, hours: [1, 2].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 })) };
    const monday = Date.parse('2026-12-07T00:00:00Z');
    expect(workingPeriods(allDay, monday, monday + 2 * 86_400_000)).toEqual([{ start: monday, end: monday + 2 * 86_400_000 }]);
    expect(isAvailable(allDay, [], { start: monday + 86_400_000 - 10 * MIN, end: monday + 86_400_000 + 10 * MIN })).toBe(true);
  });
});

describe('availability and free slots', () => {
  const day = { from: at('2026-12-07T00:00'), to: at('2026-12-08T00:00') };
  const now = at('2026-12-01T00:00');

  it('When nothing is booked, then 30-minute slots cover 09:00-17:00 on the grid', () => {
    const slots = freeSlots({ schedule: weekdays9to17, exceptions: [], busy: [], ...day, durationMs: 30 * MIN, now });
    expect(slots).toHaveLength(16);
    expect(slots[0]).toEqual({ start: at('2026-12-07T09:00'), end: at('2026-12-07T09:30') });
  });

  it('When an appointment holds 10:00-10:45 and leave covers the afternoon, then those slots are gone', () => {
    const slots = freeSlots({
      schedule: weekdays9to17,
      exceptions: [{ start: at('2026-12-07T13:00'), end: at('2026-12-07T17:00') }],
      busy: [{ start: at('2026-12-07T10:00'), end: at('2026-12-07T10:45') }],
      ...day,
      durationMs: 30 * MIN,
      now,
    });
    const starts = slots.map((s) => DateTime.fromMillis(s.start, { zone: NY }).toFormat('HH:mm'));
    expect(starts).toEqual(['09:00', '09:30', '11:00', '11:30', '12:00', '12:30']);
  });

  it('When part of the day has passed, then no slot starts in the past', () => {
    const slots = freeSlots({ schedule: weekdays9to17, exceptions: [], busy: [], ...day, durationMs: 60 * MIN, now: at('2026-12-07T15:10') });
    expect(slots.map((s) => DateTime.fromMillis(s.start, { zone: NY }).toFormat('HH:mm'))).toEqual(['15:30', '16:00']);
  });

  it('When a visit runs past closing or into leave, then it is not available', () => {
    expect(isAvailable(weekdays9to17, [], { start: at('2026-12-07T16:30'), end: at('2026-12-07T17:30') })).toBe(false);
    expect(isAvailable(weekdays9to17, [{ start: at('2026-12-07T12:00'), end: at('2026-12-07T13:00') }], { start: at('2026-12-07T11:30'), end: at('2026-12-07T12:30') })).toBe(false);
    expect(isAvailable(weekdays9to17, [], { start: at('2026-12-07T11:30'), end: at('2026-12-07T12:30') })).toBe(true);
  });
});

describe('clock strings', () => {
  it('When HH:mm is parsed and formatted, then 24:00 means the end of the day and bad values are refused', () => {
    expect(parseClock('08:30')).toBe(510);
    expect(parseClock('24:00')).toBe(1440);
    expect(formatClock(1440)).toBe('24:00');
    expect(() => parseClock('24:30')).toThrow(RangeError);
    expect(() => parseClock('8:30')).toThrow(RangeError);
  });
});
