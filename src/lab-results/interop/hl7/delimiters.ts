import { Hl7ParseError } from './errors.js';

/** The five delimiters an HL7 v2 message declares in MSH-1 and MSH-2. */
export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export const DEFAULT_DELIMITERS: Readonly<Hl7Delimiters> = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

/** Segments may end in CR (the standard), LF or CRLF; senders mix them, so all three are accepted. */
const SEGMENT_END = /\r\n|\r|\n/;

/**
 * Drops what some senders put before MSH (a UTF-8 BOM, blank lines, stray whitespace) so that a
 * message is recognised by its first segment.
 */
export function trimMessageStart(raw: string): string {
  return raw.replace(/^[\uFEFF\s]+/, '');
}

export function splitSegments(text: string): string[] {
  return text.split(SEGMENT_END).filter((line) => line.trim() !== '');
}

export function encodingCharacters(delimiters: Hl7Delimiters): string {
  return delimiters.component + delimiters.repetition + delimiters.escape + delimiters.subcomponent;
}

function isUsableDelimiter(char: string): boolean {
  return char.length === 1 && !/[A-Za-z0-9\s]/.test(char);
}

/**
 * Reads the delimiters from the MSH segment. MSH-2 holds 4 characters (5 from v2.7 on, the fifth
 * being the truncation character, which we do not need). Each must be a distinct non-alphanumeric,
 * non-whitespace character, or the rest of the message cannot be tokenised reliably.
 * @param text - message text starting with "MSH"
 */
export function readDelimiters(text: string): Hl7Delimiters {
  if (!text.startsWith('MSH')) {
    throw new Hl7ParseError('MISSING_MSH', 'message does not start with an MSH segment');
  }
  const firstSegment = splitSegments(text)[0] ?? '';
  const field = firstSegment.charAt(3);
  const afterField = firstSegment.indexOf(field, 4);
  const msh2 = afterField === -1 ? firstSegment.slice(4) : firstSegment.slice(4, afterField);
  const location = { segment: 'MSH', occurrence: 1, field: 2 };
  if (!isUsableDelimiter(field)) {
    throw new Hl7ParseError('INVALID_ENCODING_CHARACTERS', 'MSH-1 field separator is missing or invalid', {
      ...location,
      field: 1,
    });
  }
  if (msh2.length !== 4 && msh2.length !== 5) {
    throw new Hl7ParseError('INVALID_ENCODING_CHARACTERS', 'MSH-2 must hold 4 or 5 encoding characters', location);
  }
  const [component = '', repetition = '', escape = '', subcomponent = ''] = [...msh2];
  const chars = [field, component, repetition, escape, subcomponent];
  if (!chars.every(isUsableDelimiter) || new Set(chars).size !== chars.length) {
    throw new Hl7ParseError('INVALID_ENCODING_CHARACTERS', 'MSH-2 encoding characters must be distinct symbols', location);
  }
  return { field, component, repetition, escape, subcomponent };
}
