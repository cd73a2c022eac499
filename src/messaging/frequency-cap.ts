/**
 * Frequency cap for patient SMS: at most one message a day and three a week (FCC healthcare exemption).
 *
 * Definitions (both in the patient's time zone, so DST days of 23 or 25 hours count as one day):
 * - a "day" is a local calendar day, midnight to midnight;
 * - a "week" is any 7 consecutive local calendar days (rolling), i.e. the candidate day and the six
 *   before it. A rolling window, unlike a calendar week, never allows 3 texts on Saturday and 3 more on
 *   Monday.
 * The answer is day-granular: when blocked, the earliest instant is local midnight of the first day on
 * which both caps hold; quiet hours then move it to the window's opening (see send-schedule.ts).
 * Pass only the non-exempt texts already sent; critical clinical escalations to staff set `exempt`.
 */
import { type DateTime } from 'luxon';
import { inZone } from './local-time.js';

export interface FrequencyCaps {
  perDay: number;
  perRollingWeek: number;
}

export const LEGAL_FREQUENCY_CAPS: Readonly<FrequencyCaps> = Object.freeze({ perDay: 1, perRollingWeek: 3 });

export class InvalidFrequencyCapError extends Error {
  override readonly name = 'InvalidFrequencyCapError';
}

/** A tenant may lower the caps, never raise them above the legal ones. */
export function validateFrequencyCaps(caps: FrequencyCaps): FrequencyCaps {
  const { perDay, perRollingWeek } = caps;
  for (const [name, value, max] of [['perDay', perDay, LEGAL_FREQUENCY_CAPS.perDay], ['perRollingWeek', perRollingWeek, LEGAL_FREQUENCY_CAPS.perRollingWeek]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new InvalidFrequencyCapError(`${name} must be an integer from 1 to ${max}`);
    }
  }
  return { perDay, perRollingWeek };
}

export type FrequencyDecision =
  | { allowed: true }
  | { allowed: false; reason: 'daily-cap' | 'weekly-cap'; earliestAt: Date };

export interface FrequencyCheck {
  /** Instants of the non-exempt SMS already sent to this patient (any order, any age). */
  sentAt: readonly Date[];
  now: Date;
  timeZone: string;
  caps?: FrequencyCaps;
  /** Critical clinical escalations to staff are not counted against, nor held by, the cap. */
  exempt?: boolean;
}

const WEEK_DAYS = 7;

export function checkFrequencyCap(check: FrequencyCheck): FrequencyDecision {
  if (check.exempt) return { allowed: true };
  const caps = validateFrequencyCaps(check.caps ?? LEGAL_FREQUENCY_CAPS);
  const today = inZone(check.now, check.timeZone).startOf('day');
  // Local calendar day of every text, as whole days relative to today (negative = past).
  const offsets = check.sentAt.map((sent) => dayOffset(today, inZone(sent, check.timeZone).startOf('day')));

  let blockedToday: 'daily-cap' | 'weekly-cap' | undefined;
  // Terminates: once `day` is a week past the last recorded text, no text counts on it any more.
  for (let day = 0; ; day += 1) {
    const onDay = offsets.filter((o) => o === day).length;
    const inWeek = offsets.filter((o) => o <= day && o > day - WEEK_DAYS).length;
    const reason = onDay >= caps.perDay ? 'daily-cap' : inWeek >= caps.perRollingWeek ? 'weekly-cap' : undefined;
    if (reason === undefined) {
      if (blockedToday === undefined) return { allowed: true };
      return { allowed: false, reason: blockedToday, earliestAt: today.plus({ days: day }).toJSDate() };
    }
    blockedToday ??= reason;
  }
}

function dayOffset(today: DateTime, day: DateTime): number {
  // Calendar-day difference (DST-safe: luxon counts local days, not 24-hour blocks).
  return Math.round(day.diff(today, 'days').days);
}
