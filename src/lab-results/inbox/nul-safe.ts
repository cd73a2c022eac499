/**
 * U+FFFD REPLACEMENT CHARACTER: what HL7 receivers commonly put where a sender's NUL was. PostgreSQL
 * `text` and `jsonb` cannot hold U+0000 at all, so a stored value with one would make its whole
 * statement fail (and an accepted message could then never be processed).
 */
export const REPLACEMENT_CHARACTER = '\uFFFD';

const NUL = '\u0000';

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

/**
 * `value` with every U+0000 in its strings (nested in arrays and plain objects, keys included)
 * replaced by U+FFFD. Values without a NUL come back as they are. The raw message is not passed
 * through here: the inbox keeps it intact (as bytes when it holds a NUL).
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes(NUL) ? value.split(NUL).join(REPLACEMENT_CHARACTER) : value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutNul(item)) as T;
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNul(key), withoutNul(item)])) as T;
  }
  return value;
}
