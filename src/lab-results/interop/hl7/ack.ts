import { randomBytes } from 'node:crypto';
import { formatHl7DateTime } from './datetime.js';
import {
  DEFAULT_DELIMITERS,
  encodingCharacters,
  type Hl7Delimiters,
  readDelimiters,
  splitSegments,
  trimMessageStart,
} from './delimiters.js';
import { type Hl7ErrorConditionCode, type Hl7Location, Hl7ParseError } from './errors.js';
import { escapeHl7 } from './escape.js';

/**
 * Builds the HL7 ACK for an inbound message. It reads only the original's MSH, and reads it
 * leniently, so a message whose body could not be parsed is still answered with the right
 * control ID and delimiters. `@medplum/core`'s Hl7Message.buildAck needs a fully parsed message,
 * uses Date.now() as control ID (not unique under load), forces processing ID "P" and writes no
 * ERR segment, hence this builder.
 */

export type AckCode = 'AA' | 'AE' | 'AR';

export interface AckOptions {
  code: AckCode;
  /** Human-readable reason for MSA-3 / ERR-8. Must not contain PHI. */
  errorText?: string;
  /** HL7 table 0357 code for ERR-3; defaults to 207 (application internal error) for AE/AR. */
  errorCode?: Hl7ErrorConditionCode;
  errorLocation?: Hl7Location;
  /** MSH-10 of the ACK; a random 20-character ID by default. */
  controlId?: string;
  now?: Date;
}

const CONDITION_TEXT: Readonly<Record<Hl7ErrorConditionCode, string>> = {
  '0': 'Message accepted',
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
};

interface OriginalHeader {
  delimiters: Hl7Delimiters;
  /** Raw MSH fields indexed by HL7 field number (index 3 is MSH-3). */
  field: (index: number) => string;
}

function readOriginalHeader(original: string): OriginalHeader | undefined {
  const text = trimMessageStart(original);
  let delimiters: Hl7Delimiters;
  try {
    delimiters = readDelimiters(text);
  } catch {
    return undefined;
  }
  const parts = (splitSegments(text)[0] ?? '').split(delimiters.field);
  // parts[0] is "MSH" and parts[1] is MSH-2, so MSH-n sits at parts[n - 1].
  return { delimiters, field: (index) => parts[index - 1] ?? '' };
}

function supportsErl(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major > 2 || (major === 2 && minor >= 5);
}

function errSegment(options: AckOptions, code: Hl7ErrorConditionCode, version: string, d: Hl7Delimiters): string {
  const location = options.errorLocation;
  const text = CONDITION_TEXT[code];
  const userMessage = options.errorText === undefined ? '' : escapeHl7(options.errorText, d);
  if (!supportsErl(version)) {
    // Before v2.5 the location and code travel together in ERR-1 (ELD).
    const eld = [location?.segment ?? '', location?.occurrence ?? '', location?.field ?? '', [code, text, 'HL70357'].join(d.subcomponent)];
    return ['ERR', eld.join(d.component)].join(d.field);
  }
  const erl = location
    ? [location.segment, location.occurrence ?? '', location.field ?? '', '', location.component ?? ''].join(d.component)
    : '';
  return ['ERR', '', erl, [code, text, 'HL70357'].join(d.component), 'E', '', '', '', userMessage].join(d.field);
}

function ackMessageType(originalType: string, d: Hl7Delimiters): string {
  const [, trigger, structure] = originalType.split(d.component);
  if (trigger && structure) {
    return ['ACK', trigger, 'ACK'].join(d.component);
  }
  return trigger ? ['ACK', trigger].join(d.component) : 'ACK';
}

export function buildAck(original: string, options: AckOptions): string {
  const header = readOriginalHeader(original);
  const d = header?.delimiters ?? DEFAULT_DELIMITERS;
  const field = header?.field ?? (() => '');
  // Without a usable MSH there is no control ID to accept: the only possible answer is a reject.
  const code: AckCode = header === undefined ? 'AR' : options.code;
  const condition = options.errorCode ?? (header === undefined ? '100' : '207');
  const version = field(12) || '2.5.1';
  const msh = [
    'MSH',
    encodingCharacters(d),
    field(5),
    field(6),
    field(3),
    field(4),
    formatHl7DateTime(options.now ?? new Date()),
    '',
    ackMessageType(field(9), d),
    options.controlId ?? randomBytes(10).toString('hex'),
    field(11) || 'P',
    version,
  ].join(d.field);
  const msaText = options.errorText === undefined ? [] : [escapeHl7(options.errorText, d)];
  const msa = ['MSA', code, field(10), ...msaText].join(d.field);
  const segments = code === 'AA' ? [msh, msa] : [msh, msa, errSegment(options, condition, version, d)];
  return segments.map((segment) => `${segment}\r`).join('');
}

/**
 * The ACK for a message that failed: an Hl7ParseError carries its own MSA-1 code, 0357 code and
 * location; anything else is answered AE 207 with a generic text, since its message may hold PHI.
 */
export function buildErrorAck(original: string, error: unknown, options: Pick<AckOptions, 'controlId' | 'now'> = {}): string {
  if (error instanceof Hl7ParseError) {
    return buildAck(original, {
      ...options,
      code: error.ackCode,
      errorCode: error.conditionCode,
      errorLocation: error.location,
      errorText: error.message,
    });
  }
  return buildAck(original, { ...options, code: 'AE', errorCode: '207', errorText: 'Message could not be processed' });
}
