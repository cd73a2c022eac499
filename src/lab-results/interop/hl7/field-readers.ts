import { isLoinc, normaliseCodingSystem } from '../coding-systems.js';
import { type CodedConcept, type PersonName, type Provider } from '../model.js';
import { parseHl7DateTime } from './datetime.js';
import { Hl7ParseError } from './errors.js';
import { type SegmentView } from './segments.js';

/** Readers for the composite HL7 data types the ORU^R01 mapping needs (HD, EI, CWE, XPN, XCN, DTM). */

export interface ReadOptions {
  /** "+HHMM"/"-HHMM" applied to timestamps that carry no offset (the sender's time zone). */
  defaultTimezoneOffset?: string;
}

export function required<T>(value: T | undefined, segment: SegmentView, field: number, what: string): T {
  if (value === undefined) {
    throw new Hl7ParseError('MISSING_FIELD', `${what} is required`, segment.location(field));
  }
  return value;
}

/** HD: namespace ID, else universal ID. */
export function readHd(segment: SegmentView, field: number): string | undefined {
  return segment.text(field, 1) ?? segment.text(field, 2);
}

/** EI: entity identifier and its namespace. */
export function readEi(segment: SegmentView, field: number): { value: string; namespace?: string } | undefined {
  const value = segment.text(field, 1);
  if (value === undefined) {
    return undefined;
  }
  return { value, namespace: segment.text(field, 2) ?? segment.text(field, 3) };
}

/**
 * CE/CWE: the LOINC coding when either the primary (components 1-3) or the alternate (4-6) triplet
 * is LOINC, else the primary one. Routing keys on LOINC, and labs often put their local code first.
 */
export function readCoded(segment: SegmentView, field: number): CodedConcept | undefined {
  const triplets = [1, 4].map((first) => ({
    code: segment.text(field, first),
    display: segment.text(field, first + 1),
    system: segment.text(field, first + 2),
  }));
  const withCode = triplets.filter((triplet) => triplet.code !== undefined);
  const chosen = withCode.find((triplet) => isLoinc(triplet.system)) ?? withCode[0];
  if (chosen?.code === undefined) {
    return undefined;
  }
  return {
    code: chosen.code,
    display: chosen.display ?? segment.text(field, 9),
    system: normaliseCodingSystem(chosen.system),
  };
}

/** XPN (first repetition): family name (FN.1) and given + middle names. */
export function readName(segment: SegmentView, field: number): PersonName | undefined {
  const [components] = segment.repetitions(field);
  if (components === undefined) {
    return undefined;
  }
  const family = segment.leaf(components[0], { subcomponent: 1 });
  const given = [components[1], components[2]]
    .map((component) => segment.leaf(component))
    .filter((name): name is string => name !== undefined);
  return family === undefined && given.length === 0 ? undefined : { family, given };
}

/** XCN (first repetition): ID number, family name, given and middle names. */
export function readProvider(segment: SegmentView, field: number): Provider | undefined {
  const [components] = segment.repetitions(field);
  if (components === undefined) {
    return undefined;
  }
  const id = segment.leaf(components[0]);
  const family = segment.leaf(components[1], { subcomponent: 1 });
  const given = [components[2], components[3]]
    .map((component) => segment.leaf(component))
    .filter((name): name is string => name !== undefined);
  if (id === undefined && family === undefined && given.length === 0) {
    return undefined;
  }
  return { id, family, given };
}

export function readTimestamp(segment: SegmentView, field: number, options: ReadOptions): string | undefined {
  const text = segment.text(field, 1);
  if (text === undefined) {
    return undefined;
  }
  const parsed = parseHl7DateTime(text, options.defaultTimezoneOffset);
  if (parsed === undefined) {
    throw new Hl7ParseError('INVALID_VALUE', 'timestamp is not a valid HL7 DTM', segment.location(field, 1));
  }
  return parsed;
}

/** A date of birth is a calendar date: the time part (and any offset) is ignored so the day never shifts. */
export function readDate(segment: SegmentView, field: number): string | undefined {
  const text = segment.text(field, 1);
  if (text === undefined) {
    return undefined;
  }
  const parsed = parseHl7DateTime(text.slice(0, 8));
  if (parsed === undefined) {
    throw new Hl7ParseError('INVALID_VALUE', 'date is not a valid HL7 DT', segment.location(field, 1));
  }
  return parsed;
}
