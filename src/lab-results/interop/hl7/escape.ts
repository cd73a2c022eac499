import { type Hl7Delimiters } from './delimiters.js';

/**
 * HL7 v2 escape sequences (v2.5.1 chapter 2.7). Delimiters inside data travel as \F\ \S\ \T\ \R\
 * \E\; formatted text types (FT, TX) also carry formatting commands such as \.br\. `@medplum/core`
 * tokenises but never unescapes, so every leaf value passes through here.
 */

/** Formatting commands that carry no data; dropped in both modes. */
const DROPPED_FORMATTING = new Set(['.fi', '.nf', '.in', '.ti', '.sk', '.ce']);

function decodeHex(hex: string): string | undefined {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) {
    return undefined;
  }
  return Buffer.from(hex, 'hex').toString('utf8');
}

function formattingCommand(sequence: string, formatted: boolean): string | undefined {
  const command = sequence.slice(0, 3).toLowerCase();
  if (command === '.br') {
    return formatted ? '\n' : ' ';
  }
  if (command === '.sp') {
    // ".sp<n>": n line breaks (default 1). Outside FT/TX the break is flattened to a space.
    const count = Number.parseInt(sequence.slice(3).replace(/^\+/, ''), 10);
    return formatted ? '\n'.repeat(Number.isFinite(count) && count > 0 ? Math.min(count, 10) : 1) : ' ';
  }
  return DROPPED_FORMATTING.has(command) ? '' : undefined;
}

function translate(sequence: string, delimiters: Hl7Delimiters, formatted: boolean): string | undefined {
  switch (sequence) {
    case 'F':
      return delimiters.field;
    case 'S':
      return delimiters.component;
    case 'T':
      return delimiters.subcomponent;
    case 'R':
      return delimiters.repetition;
    case 'E':
      return delimiters.escape;
    case 'H':
    case 'N':
      // Highlight on/off: presentation only.
      return '';
  }
  const kind = sequence.charAt(0);
  if (kind === 'X') {
    return decodeHex(sequence.slice(1));
  }
  if (kind === 'C' || kind === 'M' || kind === 'Z') {
    // Character-set switches and locally defined sequences: no portable meaning, drop them.
    return '';
  }
  if (kind === '.') {
    return formattingCommand(sequence, formatted);
  }
  return undefined;
}

/**
 * Replaces escape sequences with the characters they stand for. Unknown or unterminated
 * sequences are kept literally rather than guessed at.
 * @param formatted - true for FT/TX values, where \.br\ and \.sp\ become line breaks
 */
export function unescapeHl7(value: string, delimiters: Hl7Delimiters, formatted = false): string {
  const esc = delimiters.escape;
  if (!value.includes(esc)) {
    return value;
  }
  let result = '';
  let position = 0;
  while (position < value.length) {
    const start = value.indexOf(esc, position);
    if (start === -1) {
      break;
    }
    const end = value.indexOf(esc, start + 1);
    if (end === -1) {
      break;
    }
    result += value.slice(position, start);
    const translated = translate(value.slice(start + 1, end), delimiters, formatted);
    if (translated === undefined) {
      // Keep the opening escape character and resume at the closing one, which may open the next sequence.
      result += value.slice(start, end);
      position = end;
    } else {
      result += translated;
      position = end + 1;
    }
  }
  return result + value.slice(position);
}

/** Escapes text so it can be placed in a field of a message that uses `delimiters`. */
export function escapeHl7(text: string, delimiters: Hl7Delimiters): string {
  const replacements = new Map<string, string>([
    [delimiters.escape, `${delimiters.escape}E${delimiters.escape}`],
    [delimiters.field, `${delimiters.escape}F${delimiters.escape}`],
    [delimiters.component, `${delimiters.escape}S${delimiters.escape}`],
    [delimiters.subcomponent, `${delimiters.escape}T${delimiters.escape}`],
    [delimiters.repetition, `${delimiters.escape}R${delimiters.escape}`],
    ['\r', `${delimiters.escape}X0D${delimiters.escape}`],
    ['\n', `${delimiters.escape}X0A${delimiters.escape}`],
  ]);
  let result = '';
  for (const char of text) {
    result += replacements.get(char) ?? char;
  }
  return result;
}
