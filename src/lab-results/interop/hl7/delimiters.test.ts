import { readDelimiters, splitSegments, trimMessageStart } from './delimiters.js';
import { Hl7ParseError } from './errors.js';

describe('readDelimiters', () => {
  it('When MSH uses the standard encoding characters, then they are returned', () => {
    expect(readDelimiters('MSH|^~\\&|APP')).toEqual({ field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' });
  });

  it('When MSH-2 declares custom characters, then those are returned', () => {
    expect(readDelimiters('MSH#$*!@#APP')).toEqual({ field: '#', component: '$', repetition: '*', escape: '!', subcomponent: '@' });
  });

  it('When MSH-2 has the v2.7 truncation character, then the first four are used', () => {
    expect(readDelimiters('MSH|^~\\&#|APP').subcomponent).toBe('&');
  });

  it.each([
    ['three encoding characters', 'MSH|^~\\|APP'],
    ['a letter as delimiter', 'MSH|^~\\A|APP'],
    ['a repeated delimiter', 'MSH|^^\\&|APP'],
    ['a field separator reused in MSH-2', 'MSH|^|\\&|APP'],
    ['a missing field separator', 'MSH'],
  ])('When MSH has %s, then INVALID_ENCODING_CHARACTERS is thrown', (_case, text) => {
    expect(() => readDelimiters(text)).toThrow(expect.objectContaining({ code: 'INVALID_ENCODING_CHARACTERS' }) as Error);
  });

  it('When the text does not start with MSH, then MISSING_MSH is thrown', () => {
    expect(() => readDelimiters('PID|1')).toThrow(Hl7ParseError);
  });
});

describe('splitSegments', () => {
  it('When segments end in CR, LF, CRLF or a mix, then each line is one segment and blank lines vanish', () => {
    expect(splitSegments('MSH|a\rPID|b\nOBR|c\r\nOBX|d\r\n\r\n')).toEqual(['MSH|a', 'PID|b', 'OBR|c', 'OBX|d']);
  });
});

describe('trimMessageStart', () => {
  it('When a BOM and blank lines precede MSH, then they are removed', () => {
    expect(trimMessageStart('\uFEFF\r\n  MSH|^~\\&')).toBe('MSH|^~\\&');
  });
});
