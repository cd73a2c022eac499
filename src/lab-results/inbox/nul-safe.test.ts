import { REPLACEMENT_CHARACTER, withoutNul } from './nul-safe.js';

describe('withoutNul', () => {
  it('When a note holds NUL characters, then each becomes U+FFFD and the rest of the text is kept', () => {
    expect(withoutNul('before\u0000after\u0000')).toBe(`before${REPLACEMENT_CHARACTER}after${REPLACEMENT_CHARACTER}`);
  });

  it('When a parsed message nests strings in arrays and objects, then all of them (and keys) are cleaned, other values untouched', () => {
    const message = { notes: ['a\u0000b'], value: { kind: 'numeric', value: 4.2 }, flags: [], missing: null, 'k\u0000': true };
    expect(withoutNul(message)).toEqual({ notes: [`a${REPLACEMENT_CHARACTER}b`], value: { kind: 'numeric', value: 4.2 }, flags: [], missing: null, [`k${REPLACEMENT_CHARACTER}`]: true });
  });

  it('When there is no NUL, then the same strings come back', () => {
    expect(withoutNul({ text: 'plain' })).toEqual({ text: 'plain' });
  });
});
