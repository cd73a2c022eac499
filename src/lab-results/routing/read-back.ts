import { type ObservationValue } from '../interop/index.js';

/**
 * Read-back (NPSG.02.03.01): the clinician repeats the critical value(s) and the acknowledgement
 * counts only when every one of them is in what they read back. Numbers are compared as numbers
 * ("6.90" reads back 6.9); coded values by code or display; text by its content. The comparison is
 * deliberately literal: a near miss is a mismatch, to be read back again.
 */
export interface ReadBackObservation {
  value: ObservationValue | null;
}

const NUMBER = /[-+]?\d+(?:[.,]\d+)?/g;

function numbersIn(text: string): number[] {
  return (text.match(NUMBER) ?? []).map((n) => Number(n.replace(',', '.')));
}

const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

function mentions(readBack: string, value: ObservationValue): boolean {
  const spoken = normalise(readBack);
  const numbers = numbersIn(readBack);
  const hasNumber = (n: number | undefined) => n !== undefined && numbers.some((candidate) => Math.abs(candidate - n) < 1e-9);
  switch (value.kind) {
    case 'numeric':
      return hasNumber(value.value);
    case 'structured-numeric':
      return hasNumber(value.value1) && (value.value2 === undefined || hasNumber(value.value2));
    case 'coded':
      return spoken.includes(normalise(value.code)) || (value.display !== undefined && spoken.includes(normalise(value.display)));
    case 'text':
      return normalise(value.text) !== '' && spoken.includes(normalise(value.text));
  }
}

/** True when the read-back names every critical value (observations without a value are skipped). */
export function readBackMatches(readBack: string, critical: ReadBackObservation[]): boolean {
  const withValues = critical.filter((o): o is { value: ObservationValue } => o.value !== null);
  if (readBack.trim() === '' || withValues.length === 0) return false;
  return withValues.every((o) => mentions(readBack, o.value));
}
