/**
 * HL7 v2 DTM/TS parsing: YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ].
 *
 * `@medplum/core`'s parseHl7DateTime accepts anything (it yields year 0 for garbage) and reads
 * ".5" as 5 ms, so timestamps are parsed here with explicit validation. A timestamp that carries
 * a UTC offset (or gets the sender's configured default) becomes a UTC instant
 * ("2024-01-15T13:30:00.000Z"); without one it stays a floating local time ("2024-01-15T08:30:00"),
 * because inventing an offset would shift clinical times silently. Dates keep their precision.
 */

const DTM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?([+-]\d{4})?$/;

function pad(value: number, width = 2): string {
  return value.toString().padStart(width, '0');
}

function isValidDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function offsetMinutes(offset: string): number | undefined {
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(3, 5));
  if (hours > 14 || minutes > 59) {
    return undefined;
  }
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * @param value - the DTM text (TS.1 when the field is a TS)
 * @param defaultOffset - "+HHMM"/"-HHMM" assumed when the value has none (the sender's time zone)
 * @returns the ISO 8601 form, or undefined when the text is not a valid DTM
 */
export function parseHl7DateTime(value: string, defaultOffset?: string): string | undefined {
  const match = DTM.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, y, mo, d, h, mi, s, fraction, explicitOffset] = match;
  const year = Number(y);
  const month = mo === undefined ? undefined : Number(mo);
  const day = d === undefined ? undefined : Number(d);
  if (month !== undefined && (month < 1 || month > 12)) {
    return undefined;
  }
  if (day !== undefined && !isValidDate(year, month ?? 1, day)) {
    return undefined;
  }
  if (h === undefined || month === undefined || day === undefined) {
    // Date precision only: a calendar date has no time zone.
    return [y, mo, d].filter((part) => part !== undefined).join('-');
  }
  const hour = Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const millis = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  const offset = explicitOffset ?? defaultOffset;
  if (offset === undefined) {
    const local = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
    return millis === 0 ? local : `${local}.${pad(millis, 3)}`;
  }
  const minutesFromUtc = /^[+-]\d{4}$/.test(offset) ? offsetMinutes(offset) : undefined;
  if (minutesFromUtc === undefined) {
    return undefined;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis) - minutesFromUtc * 60_000;
  return new Date(utc).toISOString();
}

/** Formats an instant as an HL7 DTM in UTC (YYYYMMDDHHMMSS+0000), as used in MSH-7 of our ACKs. */
export function formatHl7DateTime(instant: Date): string {
  return (
    `${pad(instant.getUTCFullYear(), 4)}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}` +
    `${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}+0000`
  );
}
