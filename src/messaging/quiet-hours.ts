/**
 * Quiet hours: the FCC healthcare exemption allows texts only between 08:00 and 21:00 in the
 * patient's local time. A tenant may narrow that window but never widen it.
 *
 * The window is half-open, [start, end): with the default, 20:59 is the last minute a text may start
 * and 21:00 is already quiet. Windows never cross midnight (the legal window does not).
 */
import { inZone } from './local-time.js';

/** Minutes after local midnight. */
export interface SendWindow {
  startMinute: number;
  endMinute: number;
}

export const LEGAL_SEND_WINDOW: Readonly<SendWindow> = Object.freeze({ startMinute: 8 * 60, endMinute: 21 * 60 });

export class InvalidSendWindowError extends Error {
  override readonly name = 'InvalidSendWindowError';
}

export interface TenantSendWindowConfig {
  /** "HH:mm", 24-hour local time; defaults to "08:00". */
  start?: string;
  /** "HH:mm", exclusive; defaults to "21:00". */
  end?: string;
}

function parseClock(value: string, field: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!(minutes <= 24 * 60)) throw new InvalidSendWindowError(`${field} must be "HH:mm" (00:00-24:00)`);
  return minutes;
}

/**
 * Validates a tenant's window. A window reaching outside 08:00-21:00 is rejected (`onWider: 'reject'`,
 * the default, for config validation at boot) or narrowed to the legal bounds (`'clamp'`, for legacy data).
 */
export function resolveSendWindow(
  config: TenantSendWindowConfig = {},
  options: { onWider?: 'reject' | 'clamp' } = {},
): SendWindow {
  let startMinute = parseClock(config.start ?? '08:00', 'start');
  let endMinute = parseClock(config.end ?? '21:00', 'end');
  const wider = startMinute < LEGAL_SEND_WINDOW.startMinute || endMinute > LEGAL_SEND_WINDOW.endMinute;
  if (wider && (options.onWider ?? 'reject') === 'reject') {
    throw new InvalidSendWindowError('send window may not extend beyond 08:00-21:00 patient local time');
  }
  startMinute = Math.max(startMinute, LEGAL_SEND_WINDOW.startMinute);
  endMinute = Math.min(endMinute, LEGAL_SEND_WINDOW.endMinute);
  if (startMinute >= endMinute) throw new InvalidSendWindowError('send window start must be before its end');
  return { startMinute, endMinute };
}

/**
 * 'now' when `now` falls inside the window in `timeZone`; otherwise the first minute of the next window
 * (later today, or tomorrow) as an absolute instant. Calendar arithmetic happens on the local wall clock,
 * so DST days (23 or 25 hours) still land on the configured local time.
 */
export function nextAllowedSendTime(now: Date, timeZone: string, window: SendWindow = LEGAL_SEND_WINDOW): 'now' | Date {
  const local = inZone(now, timeZone);
  const minute = local.hour * 60 + local.minute;
  if (minute >= window.startMinute && minute < window.endMinute) return 'now';
  const day = minute < window.startMinute ? local : local.plus({ days: 1 });
  const opening = day.set({
    hour: Math.floor(window.startMinute / 60),
    minute: window.startMinute % 60,
    second: 0,
    millisecond: 0,
  });
  return opening.toJSDate();
}
