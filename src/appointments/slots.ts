import { DateTime } from 'luxon';

/**
 * Availability from a practitioner's weekly working hours, in the schedule's own time zone, minus
 * exceptions (leave, closures) and appointments already holding time. Pure: times are epoch ms.
 * Hours are set on the local wall clock, so 09:00 stays 09:00 across DST changes.
 */
export interface WorkingHours {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes after local midnight; end exclusive, 1440 = midnight at the end of the day. */
  startMinute: number;
  endMinute: number;
}

export interface WeeklySchedule {
  timezone: string;
  slotIntervalMinutes: number;
  hours: readonly WorkingHours[];
}

export interface Period {
  start: number;
  end: number;
}

export const MAX_SLOTS = 500;

function atMinute(day: DateTime, minute: number): number {
  if (minute >= 1440) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 }).toMillis();
}

/** Working periods overlapping [from, to), touching ones merged (e.g. 09-12 and 12-17, or across midnight). */
export function workingPeriods(schedule: WeeklySchedule, from: number, to: number): Period[] {
  const periods: Period[] = [];
  let day = DateTime.fromMillis(from, { zone: schedule.timezone }).startOf('day').minus({ days: 1 });
  while (day.toMillis() < to) {
    for (const h of schedule.hours.filter((x) => x.weekday === day.weekday)) {
      const start = atMinute(day, h.startMinute);
      const end = atMinute(day, h.endMinute);
      if (end > from && start < to && end > start) periods.push({ start, end });
    }
    day = day.plus({ days: 1 });
  }
  periods.sort((a, b) => a.start - b.start);
  const merged: Period[] = [];
  for (const p of periods) {
    const last = merged[merged.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else merged.push({ ...p });
  }
  return merged;
}

const overlaps = (a: Period, b: Period) => a.start < b.end && b.start < a.end;

/** Whether [start, end) lies inside working hours and clear of every exception. */
export function isAvailable(schedule: WeeklySchedule, exceptions: readonly Period[], period: Period): boolean {
  const inside = workingPeriods(schedule, period.start, period.end).some((w) => w.start <= period.start && period.end <= w.end);
  return inside && !exceptions.some((x) => overlaps(x, period));
}

/**
 * Free slots of `durationMs` starting in [from, to): starting on the schedule's grid from the beginning of each
 * working period, not in the past, and overlapping no exception and no appointment.
 */
export function freeSlots(input: {
  schedule: WeeklySchedule;
  exceptions: readonly Period[];
  busy: readonly Period[];
  from: number;
  to: number;
  durationMs: number;
  now: number;
}): Period[] {
  const step = input.schedule.slotIntervalMinutes * 60_000;
  const blocked = [...input.exceptions, ...input.busy];
  const slots: Period[] = [];
  for (const work of workingPeriods(input.schedule, input.from, input.to)) {
    for (let start = work.start; start + input.durationMs <= work.end; start += step) {
      const slot = { start, end: start + input.durationMs };
      if (start >= input.to) break;
      if (start < input.from || start < input.now) continue;
      if (blocked.some((b) => overlaps(b, slot))) continue;
      slots.push(slot);
      if (slots.length >= MAX_SLOTS) return slots;
    }
  }
  return slots;
}

/** "HH:mm" (00:00–24:00) to minutes after midnight, and back. */
export function parseClock(value: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!(minutes <= 1440)) throw new RangeError('clock must be HH:mm between 00:00 and 24:00');
  return minutes;
}

export const formatClock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
