import { Hl7Context, Hl7Message, Hl7Segment } from '@medplum/core';
import { type Hl7Delimiters, readDelimiters, splitSegments, trimMessageStart } from './delimiters.js';
import { type Hl7Location, Hl7ParseError } from './errors.js';
import { unescapeHl7 } from './escape.js';

/**
 * Tokenising is delegated to `@medplum/core` (Hl7Segment/Hl7Field split fields, repetitions and
 * components, and handle MSH's shifted field numbering). What it lacks is handled here: delimiter
 * validation, CR/LF/CRLF segment ends, segment-name checks, bounds-safe access (its getField
 * returns undefined past the last field despite its type) and unescaping of every leaf value.
 */

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;

export interface TextOptions {
  repetition?: number;
  /** 1-based subcomponent inside the component. */
  subcomponent?: number;
  /** FT/TX semantics: \.br\ becomes a line break. */
  formatted?: boolean;
}

export class SegmentView {
  constructor(
    private readonly segment: Hl7Segment,
    /** 1-based occurrence of this segment name within the message. */
    readonly occurrence: number,
    readonly delimiters: Hl7Delimiters,
  ) {}

  get name(): string {
    return this.segment.name;
  }

  location(field?: number, component?: number): Hl7Location {
    return { segment: this.name, occurrence: this.occurrence, field, component };
  }

  /**
   * Raw (still escaped) components of each non-empty repetition of a field; [] when the field is
   * absent. Empty repetitions ("~~") carry nothing and are skipped, so indexes count only real ones.
   */
  repetitions(field: number): string[][] {
    const value = this.segment.getField(field) as Hl7Segment['fields'][number] | undefined;
    if (value === undefined) {
      return [];
    }
    return value.components.filter((components) => components.some((component) => component !== ''));
  }

  /** The raw (still escaped) text of a whole field, delimiters included. */
  rawField(field: number): string {
    const value = this.segment.getField(field) as Hl7Segment['fields'][number] | undefined;
    return value === undefined ? '' : value.toString();
  }

  /** Unescaped value of one component; undefined when empty or the HL7 null `""`. */
  text(field: number, component = 1, options: TextOptions = {}): string | undefined {
    const components = this.repetitions(field)[options.repetition ?? 0];
    return this.leaf(components?.[component - 1], options);
  }

  /** Unescaped value taken from an already split component list (see `repetitions`). */
  leaf(raw: string | undefined, options: Pick<TextOptions, 'subcomponent' | 'formatted'> = {}): string | undefined {
    if (raw === undefined) {
      return undefined;
    }
    const part =
      options.subcomponent === undefined ? raw : raw.split(this.delimiters.subcomponent)[options.subcomponent - 1];
    if (part === undefined || part === '' || part === '""') {
      return undefined;
    }
    const value = unescapeHl7(part, this.delimiters, options.formatted ?? false);
    return value === '' ? undefined : value;
  }
}

export interface TokenisedHl7 {
  delimiters: Hl7Delimiters;
  message: Hl7Message;
  segments: SegmentView[];
}

export function tokeniseHl7(raw: string): TokenisedHl7 {
  const text = trimMessageStart(raw);
  const delimiters = readDelimiters(text);
  const context = new Hl7Context(
    '\r',
    delimiters.field,
    delimiters.component,
    delimiters.repetition,
    delimiters.escape,
    delimiters.subcomponent,
  );
  const occurrences = new Map<string, number>();
  const parsed: Hl7Segment[] = [];
  const segments = splitSegments(text).map((line, index) => {
    const segment = Hl7Segment.parse(line, context);
    if (!SEGMENT_NAME.test(segment.name)) {
      throw new Hl7ParseError('INVALID_SEGMENT', `segment ${index + 1} does not start with a valid segment name`);
    }
    const occurrence = (occurrences.get(segment.name) ?? 0) + 1;
    occurrences.set(segment.name, occurrence);
    parsed.push(segment);
    return new SegmentView(segment, occurrence, delimiters);
  });
  return { delimiters, message: new Hl7Message(parsed, context), segments };
}
