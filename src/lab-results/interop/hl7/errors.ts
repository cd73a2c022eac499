/**
 * Typed HL7 v2 parse errors. The message names only the location (segment, occurrence, field,
 * component) and the rule that failed, never a field value: these errors end up in logs, ACKs
 * and Temporal failure messages, and field values are PHI.
 */

export type Hl7ParseErrorCode =
  | 'MISSING_MSH'
  | 'INVALID_ENCODING_CHARACTERS'
  | 'UNSUPPORTED_MESSAGE_TYPE'
  | 'MISSING_SEGMENT'
  | 'INVALID_SEGMENT'
  | 'MISSING_FIELD'
  | 'SEGMENT_SEQUENCE'
  | 'INVALID_VALUE'
  | 'MULTIPLE_PATIENTS';

/** HL7 table 0357 message error condition codes used in ERR-3. */
export type Hl7ErrorConditionCode =
  | '0'
  | '100'
  | '101'
  | '102'
  | '103'
  | '200'
  | '201'
  | '202'
  | '203'
  | '204'
  | '205'
  | '206'
  | '207';

export interface Hl7Location {
  segment: string;
  /** 1-based occurrence of that segment in the message (OBX[3] is the third OBX). */
  occurrence?: number;
  field?: number;
  component?: number;
}

/** How each parse failure should be answered: AR for what cannot be processed at all, AE for content errors. */
const ACK_FOR_CODE: Readonly<Record<Hl7ParseErrorCode, { ackCode: 'AE' | 'AR'; condition: Hl7ErrorConditionCode }>> = {
  MISSING_MSH: { ackCode: 'AR', condition: '100' },
  INVALID_ENCODING_CHARACTERS: { ackCode: 'AR', condition: '102' },
  UNSUPPORTED_MESSAGE_TYPE: { ackCode: 'AR', condition: '200' },
  MISSING_SEGMENT: { ackCode: 'AE', condition: '100' },
  INVALID_SEGMENT: { ackCode: 'AE', condition: '100' },
  SEGMENT_SEQUENCE: { ackCode: 'AE', condition: '100' },
  MISSING_FIELD: { ackCode: 'AE', condition: '101' },
  INVALID_VALUE: { ackCode: 'AE', condition: '102' },
  MULTIPLE_PATIENTS: { ackCode: 'AR', condition: '207' },
};

export function formatHl7Location(location: Hl7Location): string {
  const occurrence = location.occurrence === undefined ? '' : `[${location.occurrence}]`;
  const field = location.field === undefined ? '' : `-${location.field}`;
  const component = location.component === undefined ? '' : `.${location.component}`;
  return `${location.segment}${occurrence}${field}${component}`;
}

export class Hl7ParseError extends Error {
  override readonly name = 'Hl7ParseError';
  readonly code: Hl7ParseErrorCode;
  readonly location: Hl7Location | undefined;
  /** The MSA-1 code this failure should be acknowledged with. */
  readonly ackCode: 'AE' | 'AR';
  /** The HL7 table 0357 code for ERR-3. */
  readonly conditionCode: Hl7ErrorConditionCode;

  /** `reason` must be fixed text written by us, never a value taken from the message. */
  constructor(code: Hl7ParseErrorCode, reason: string, location?: Hl7Location) {
    super(location ? `${code} at ${formatHl7Location(location)}: ${reason}` : `${code}: ${reason}`);
    this.code = code;
    this.location = location;
    this.ackCode = ACK_FOR_CODE[code].ackCode;
    this.conditionCode = ACK_FOR_CODE[code].condition;
  }
}
