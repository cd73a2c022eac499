import { Duration } from 'luxon';
import { type SlaKind, type Urgency } from '../../workflows/shared/referral.js';
import { addBusinessDays } from './business-calendar.js';
import { type ReferralSettings, slaValueOf } from './referral-settings.js';

/**
 * When a stage that starts at `start` is due: a wall-clock duration is added as is, business days
 * are counted on the tenant's calendar. The workflow runs its timers and the task SLA on the
 * difference from `start`, so the calendar is resolved once, here, outside workflow code.
 */
export function stageDeadline(start: Date, kind: SlaKind, urgency: Urgency, settings: ReferralSettings, timeZone: string): Date {
  const value = slaValueOf(settings, kind, urgency);
  if (typeof value === 'string') return new Date(start.getTime() + Duration.fromISO(value).as('milliseconds'));
  return addBusinessDays(start, value.businessDays, { timeZone, weekend: settings.weekend, holidays: new Set(settings.holidays) });
}
