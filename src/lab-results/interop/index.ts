/**
 * Lab-result interoperability: HL7 v2 ORU^R01 (ER7 over MLLP or HTTP) and FHIR R4 bundles in,
 * one normalised domain model out, plus ACKs, MLLP framing and result classification.
 * Pure code: no database, no Temporal.
 */
export type {
  AdministrativeSex,
  CodedConcept,
  LabMessageSource,
  LabObservation,
  LabPatient,
  LabReport,
  LabReportMessage,
  ObservationValue,
  PatientIdentifier,
  PersonName,
  Provider,
  ReportStatus,
  ResultStatus,
  SnComparator,
  SnSeparator,
} from './model.js';
export { LOINC_SYSTEM, SNOMED_SYSTEM, UCUM_SYSTEM, normaliseCodingSystem } from './coding-systems.js';

export { parseOruR01, type ParseOruOptions } from './hl7/oru-r01.js';
export {
  Hl7ParseError,
  formatHl7Location,
  type Hl7ErrorConditionCode,
  type Hl7Location,
  type Hl7ParseErrorCode,
} from './hl7/errors.js';
export { buildAck, buildErrorAck, type AckCode, type AckOptions } from './hl7/ack.js';
export { peekHl7Header, type Hl7HeaderPeek } from './hl7/peek-header.js';
export { DEFAULT_DELIMITERS, readDelimiters, type Hl7Delimiters } from './hl7/delimiters.js';
export { escapeHl7, unescapeHl7 } from './hl7/escape.js';
export { parseHl7DateTime } from './hl7/datetime.js';

export { MllpFrameDecoder, encodeFrame, type MllpDecoded, type MllpDecoderStats } from './mllp/frame-decoder.js';
export { createMllpServer, type MllpServer, type MllpServerEvent, type MllpServerOptions } from './mllp/server.js';

export { parseFhirLabBundle } from './fhir/lab-bundle.js';
export { FhirBundleError } from './fhir/errors.js';
export { ensureFhirR4Definitions } from './fhir/definitions.js';

export {
  classifyObservation,
  classifyReport,
  worstOf,
  type CriticalRange,
  type CriticalRanges,
  type ResultClassification,
} from './classify.js';
export { isCorrection, reportRevision, type ReportRevision } from './report-revision.js';
