/**
 * The normalised lab-result model that both HL7 v2 ORU^R01 and FHIR R4 bundles are mapped onto.
 * Downstream code (matching, routing, critical-result escalation) only ever sees these types,
 * never the wire formats.
 *
 * PHI: `patient.name`, `patient.birthDate`, values and notes are clinical data. They are kept
 * here because human reconciliation needs them, so never log these objects or put them into
 * error messages, workflow inputs or IDs.
 */

export type LabMessageSource = 'hl7v2' | 'fhir';

/**
 * OBX-11 result status, reduced to the values routing cares about:
 * P preliminary, F final, C corrected, X cannot be obtained, D delete (entered in error).
 */
export type ResultStatus = 'P' | 'F' | 'C' | 'X' | 'D';

/** OBR-25 report status (HL7 table 0123). */
export type ReportStatus = 'O' | 'I' | 'S' | 'A' | 'P' | 'C' | 'R' | 'F' | 'X' | 'Y' | 'Z';

/** HL7 table 0001 administrative sex. */
export type AdministrativeSex = 'F' | 'M' | 'O' | 'U' | 'A' | 'N';

/** A coded concept. `system` is a URI for well-known systems (LOINC, SNOMED CT, UCUM), else the sender's code. */
export interface CodedConcept {
  code: string;
  display?: string;
  system?: string;
}

export interface PatientIdentifier {
  value: string;
  /** PID-3.4 (CX-4) or FHIR Identifier.system. Matching must use it together with `value`. */
  assigningAuthority?: string;
  /** PID-3.5 (CX-5, e.g. MR) or FHIR Identifier.type code. */
  type?: string;
}

export interface PersonName {
  family?: string;
  given: string[];
}

export interface LabPatient {
  identifiers: PatientIdentifier[];
  name?: PersonName;
  /** ISO date (YYYY, YYYY-MM or YYYY-MM-DD). */
  birthDate?: string;
  sex?: AdministrativeSex;
  /** NTE segments that follow PID (patient-level comments). */
  notes: string[];
}

export interface Provider {
  id?: string;
  family?: string;
  given: string[];
  /** Free-text name when the sender gives no structured one (e.g. FHIR Reference.display). */
  display?: string;
}

/** Comparators and separators of the HL7 SN data type (FHIR Quantity.comparator, Range and Ratio map here too). */
export type SnComparator = '<' | '>' | '<=' | '>=' | '=' | '<>';
export type SnSeparator = '-' | '+' | '/' | '.' | ':';

export type ObservationValue =
  | { kind: 'numeric'; value: number }
  | { kind: 'structured-numeric'; comparator?: SnComparator; value1?: number; separator?: SnSeparator; value2?: number }
  | { kind: 'coded'; code: string; display?: string; system?: string }
  | { kind: 'text'; text: string };

export interface LabObservation {
  /** OBX-1, or the 1-based position among the report's results for FHIR. */
  setId: number;
  /**
   * OBX-2 (NM, ST, TX, FT, SN, CE, CWE, ...); absent only when there is no value.
   * FHIR values are given the HL7 type they correspond to.
   */
  valueType?: string;
  /** OBX-3: the LOINC code when the sender gives one (primary or alternate coding), else its own code. */
  code: string;
  display?: string;
  system?: string;
  value?: ObservationValue;
  units?: string;
  referenceRange?: string;
  /** OBX-8 / FHIR interpretation codes as sent, upper-cased (L, H, LL, HH, A, AA, N, <, >, ...). */
  abnormalFlags: string[];
  resultStatus: ResultStatus;
  /** ISO 8601; see README for how HL7 timestamps without a UTC offset are represented. */
  observedAt?: string;
  notes: string[];
}

export interface LabReport {
  /** ORC-2 / OBR-2 (EI.1). */
  placerOrderNumber?: string;
  placerOrderNamespace?: string;
  /** ORC-3 / OBR-3 (EI.1): the accession. */
  fillerOrderNumber?: string;
  fillerOrderNamespace?: string;
  /** OBR-4 / DiagnosticReport.code. */
  test: CodedConcept;
  /** OBR-25 / DiagnosticReport.status. */
  reportStatus: ReportStatus;
  /** OBR-7 / DiagnosticReport.effective[x]. */
  observedAt?: string;
  /** OBR-22 / DiagnosticReport.issued. */
  resultedAt?: string;
  /** OBR-16, else ORC-12 / ServiceRequest.requester. */
  orderingProvider?: Provider;
  notes: string[];
  observations: LabObservation[];
}

export interface LabReportMessage {
  source: LabMessageSource;
  /** MSH-10, or the FHIR Bundle.identifier / Bundle.id. Deduplicate on (sender, messageControlId). */
  messageControlId: string;
  sendingApplication?: string;
  sendingFacility?: string;
  receivingApplication?: string;
  receivingFacility?: string;
  /** e.g. 'ORU^R01'; for FHIR 'Bundle:<type>' or the MessageHeader event code. */
  messageType: string;
  sentAt?: string;
  /** MSH-12 for HL7 v2, '4.0.1' family for FHIR R4. */
  version?: string;
  patient: LabPatient;
  reports: LabReport[];
}
