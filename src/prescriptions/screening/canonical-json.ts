/**
 * Canonical JSON per RFC 8785 (JCS) for the values a signed prescription holds: plain objects,
 * arrays, strings, finite numbers, booleans and null. For those, JCS is exactly "keys sorted by
 * UTF-16 code units, no whitespace, ECMAScript number and string serialisation", which
 * JSON.stringify already provides for primitives; anything else is refused rather than guessed.
 */
export class CanonicalJsonError extends Error {
  constructor(path: string, what: string) {
    super(`Cannot canonicalise ${what} at ${path}.`);
    this.name = 'CanonicalJsonError';
  }
}

function serialise(value: unknown, path: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalJsonError(path, 'a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => serialise(item, `${path}[${i}]`)).join(',')}]`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${serialise(record[key], `${path}.${key}`)}`);
    return `{${members.join(',')}}`;
  }
  throw new CanonicalJsonError(path, typeof value);
}

export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}
