import { base32Decode, base32Encode } from './base32.js';

// RFC 4648 §10 test vectors (without padding).
const VECTORS: [string, string][] = [
  ['', ''],
  ['f', 'MY'],
  ['fo', 'MZXQ'],
  ['foo', 'MZXW6'],
  ['foob', 'MZXW6YQ'],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI'],
];

describe('base32', () => {
  it.each(VECTORS)('When %j is encoded, then it is the RFC 4648 text %j', (plain, encoded) => {
    expect(base32Encode(new TextEncoder().encode(plain))).toBe(encoded);
  });

  it.each(VECTORS)('When %j is decoded back from %j, then the bytes match', (plain, encoded) => {
    expect(Buffer.from(base32Decode(encoded)).toString()).toBe(plain);
  });

  it('When the text has lower case, spaces and padding, then it still decodes', () => {
    expect(Buffer.from(base32Decode('mzxw 6ytb oi======')).toString()).toBe('foobar');
  });

  it('When the text holds a character outside the alphabet, then decoding throws', () => {
    expect(() => base32Decode('MZXW1')).toThrow('Invalid base32');
  });
});
