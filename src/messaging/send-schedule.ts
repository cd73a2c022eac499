/**
 * Combines the frequency cap and quiet hours into one answer: when may this patient's next SMS go?
 *
 * Order matters: the cap is day-granular and answers a local midnight, and quiet hours then move that to
 * the window's opening the same day. The other order could land on an allowed time on a capped day.
 *
 * Critical clinical escalations to staff are neither capped nor held for quiet hours: the TCPA rules
 * protect patients, and a critical result must reach a clinician within the organisation's timeframe
 * (CLSI GP47: one hour), at 03:00 too.
 */
import { checkFrequencyCap, type FrequencyCaps } from './frequency-cap.js';
import { LEGAL_SEND_WINDOW, nextAllowedSendTime, type SendWindow } from './quiet-hours.js';

export interface SendScheduleQuery {
  now: Date;
  timeZone: string;
  /** Non-exempt SMS already sent to this patient. */
  sentAt: readonly Date[];
  window?: SendWindow;
  caps?: FrequencyCaps;
  /** A critical clinical escalation to staff: sent at once, not counted, not held. */
  criticalStaffEscalation?: boolean;
}

export type SendSchedule =
  | { sendAt: 'now' }
  | { sendAt: Date; heldBy: 'quiet-hours' | 'daily-cap' | 'weekly-cap' };

export function earliestSendTime(query: SendScheduleQuery): SendSchedule {
  if (query.criticalStaffEscalation) return { sendAt: 'now' };
  const window = query.window ?? LEGAL_SEND_WINDOW;
  const cap = checkFrequencyCap({
    sentAt: query.sentAt,
    now: query.now,
    timeZone: query.timeZone,
    caps: query.caps,
  });
  if (!cap.allowed) {
    const opening = nextAllowedSendTime(cap.earliestAt, query.timeZone, window);
    return { sendAt: opening === 'now' ? cap.earliestAt : opening, heldBy: cap.reason };
  }
  const opening = nextAllowedSendTime(query.now, query.timeZone, window);
  return opening === 'now' ? { sendAt: 'now' } : { sendAt: opening, heldBy: 'quiet-hours' };
}
