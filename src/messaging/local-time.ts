/**
 * Patient-local time helpers shared by the quiet-hours and frequency-cap rules.
 *
 * We use luxon rather than raw Intl or date-fns-tz: it is CommonJS, typed (@types/luxon), has no
 * dependencies, and does zone-aware calendar arithmetic (plus({ days: 1 }), startOf('day'), set({ hour }))
 * that keeps wall-clock times across DST changes, which is exactly what "08:00 local tomorrow" needs.
 * date-fns-tz would require converting back and forth between zoned and UTC Dates by hand for the same.
 */
import { DateTime } from 'luxon';

export class InvalidTimeZoneError extends Error {
  override readonly name = 'InvalidTimeZoneError';
  constructor(readonly timeZone: string) {
    super(`Unknown IANA time zone: ${timeZone}`);
  }
}

/** `instant` seen on the wall clock of `timeZone`; throws InvalidTimeZoneError for an unknown zone. */
export function inZone(instant: Date, timeZone: string): DateTime<true> {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!local.isValid) {
    if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
    throw new InvalidTimeZoneError(timeZone);
  }
  return local;
}

export function assertTimeZone(timeZone: string): void {
  inZone(new Date(0), timeZone);
}
