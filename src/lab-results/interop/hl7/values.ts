import { normaliseCodingSystem } from '../coding-systems.js';
import { type ObservationValue, type SnComparator, type SnSeparator } from '../model.js';
import { Hl7ParseError } from './errors.js';
import { type SegmentView } from './segments.js';

/** OBX-5 is typed by OBX-2; this turns it into the domain's ObservationValue. */

const OBX_VALUE = 5;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const COMPARATORS: readonly SnComparator[] = ['<=', '>=', '<>', '<', '>', '='];
const SEPARATORS: readonly SnSeparator[] = ['-', '+', '/', '.', ':'];
const CODED_TYPES = new Set(['CE', 'CWE', 'CNE', 'CF']);
const FORMATTED_TEXT_TYPES = new Set(['TX', 'FT']);

export function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

function invalid(obx: SegmentView, reason: string): Hl7ParseError {
  return new Hl7ParseError('INVALID_VALUE', reason, obx.location(OBX_VALUE));
}

function parseNumeric(obx: SegmentView): ObservationValue | undefined {
  const text = obx.text(OBX_VALUE)?.trim();
  if (text === undefined) {
    return undefined;
  }
  const value = parseNumber(text);
  if (value !== undefined) {
    return { kind: 'numeric', value };
  }
  // Labs often send "<0.01" in an NM field; it is unambiguous, so it is read as an SN comparator form.
  const comparator = COMPARATORS.find((candidate) => text.startsWith(candidate));
  const bound = comparator === undefined ? undefined : parseNumber(text.slice(comparator.length));
  if (comparator === undefined || bound === undefined) {
    throw invalid(obx, 'NM value is not a number');
  }
  return { kind: 'structured-numeric', comparator, value1: bound };
}

function parseStructuredNumeric(obx: SegmentView): ObservationValue | undefined {
  const [comparatorText, num1Text, separatorText, num2Text] = [1, 2, 3, 4].map((c) => obx.text(OBX_VALUE, c)?.trim());
  if ([comparatorText, num1Text, separatorText, num2Text].every((part) => part === undefined)) {
    return undefined;
  }
  const comparator = COMPARATORS.find((candidate) => candidate === comparatorText);
  const separator = SEPARATORS.find((candidate) => candidate === separatorText);
  const value1 = parseNumber(num1Text);
  const value2 = parseNumber(num2Text);
  if (
    (comparatorText !== undefined && comparator === undefined) ||
    (separatorText !== undefined && separator === undefined) ||
    (num1Text !== undefined && value1 === undefined) ||
    (num2Text !== undefined && value2 === undefined) ||
    (value1 === undefined && value2 === undefined)
  ) {
    throw invalid(obx, 'SN value is not a valid structured numeric');
  }
  return { kind: 'structured-numeric', comparator, value1, separator, value2 };
}

function parseCoded(obx: SegmentView): ObservationValue | undefined {
  const code = obx.text(OBX_VALUE, 1) ?? obx.text(OBX_VALUE, 4);
  const primary = obx.text(OBX_VALUE, 1) !== undefined;
  const display = obx.text(OBX_VALUE, primary ? 2 : 5);
  const system = normaliseCodingSystem(obx.text(OBX_VALUE, primary ? 3 : 6));
  if (code === undefined) {
    const text = obx.text(OBX_VALUE, 2) ?? obx.text(OBX_VALUE, 9);
    return text === undefined ? undefined : { kind: 'text', text };
  }
  return { kind: 'coded', code, display, system };
}

/**
 * Text values: all repetitions, one per line. Components are joined back with the component
 * character, so an unescaped "^" a sender left inside free text is not lost.
 */
function parseText(obx: SegmentView, formatted: boolean): ObservationValue | undefined {
  const lines = obx
    .repetitions(OBX_VALUE)
    .map((components) => obx.leaf(components.join(obx.delimiters.component), { formatted }) ?? '');
  const text = lines.join('\n');
  return text.trim() === '' ? undefined : { kind: 'text', text };
}

export function parseObservationValue(obx: SegmentView, valueType: string): ObservationValue | undefined {
  if (valueType === 'NM') {
    return parseNumeric(obx);
  }
  if (valueType === 'SN') {
    return parseStructuredNumeric(obx);
  }
  if (CODED_TYPES.has(valueType)) {
    return parseCoded(obx);
  }
  return parseText(obx, FORMATTED_TEXT_TYPES.has(valueType));
}
