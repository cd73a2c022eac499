import { DateTime } from 'luxon';

/** A tenant's working calendar: its time zone, weekend days (ISO, 1 = Monday … 7 = Sunday) and holidays (`YYYY-MM-DD`). */
export interface BusinessCalendar {
  timeZone: string;
  weekend: readonly number[];
  holidays: ReadonlySet<string>;
}

export function isBusinessDay(day: DateTime, calendar: BusinessCalendar): boolean {
  return !calendar.weekend.includes(day.weekday) && !calendar.holidays.has(day.toISODate() ?? '');
}

/**
 * `days` business days after `start`, at the same local time. A start on a weekend or holiday counts
 * from the beginning of the next business day, so a referral received on Saturday and due in two
 * business days is due at the end of Tuesday (Wednesday 00:00). Local time is kept across daylight
 * saving changes.
 */
export function addBusinessDays(start: Date, days: number, calendar: BusinessCalendar): Date {
  if (calendar.weekend.length >= 7) throw new RangeError('A calendar needs at least one working weekday');
  let t = DateTime.fromJSDate(start, { zone: calendar.timeZone });
  if (!t.isValid) throw new RangeError('Invalid time zone for the business calendar');
  if (!isBusinessDay(t, calendar)) {
    do t = t.plus({ days: 1 }).startOf('day');
    while (!isBusinessDay(t, calendar));
  }
  let left = days;
  while (left > 0) {
    t = t.plus({ days: 1 });
    if (isBusinessDay(t, calendar)) left -= 1;
  }
  return t.toJSDate();
}
