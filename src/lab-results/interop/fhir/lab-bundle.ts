import { type Bundle, type Observation, type OperationOutcomeIssue, type Reference } from '@medplum/fhirtypes';
import { type LabReport, type LabReportMessage } from '../model.js';
import { BundleIndex } from './bundle-index.js';
import { FhirBundleError, issue } from './errors.js';
import { mapPatient } from './map-parties.js';
import { mapReport } from './map-report.js';
import { normaliseDateTime } from './map-values.js';
import { type AcceptedBundleType, validateLabBundle } from './validate-bundle.js';

function subjectKey(subject: Reference | undefined): string {
  return subject?.reference ?? `${subject?.identifier?.system ?? ''}|${subject?.identifier?.value ?? ''}`;
}

function messageHeaderFields(index: BundleIndex, type: AcceptedBundleType): Partial<LabReportMessage> {
  const header = index.all('MessageHeader')[0]?.resource;
  if (type !== 'message' || header === undefined) {
    return { messageType: `Bundle:${type}` };
  }
  return {
    messageType: header.eventCoding?.code ?? header.eventUri ?? 'Bundle:message',
    sendingApplication: header.source.name ?? header.source.endpoint,
    sendingFacility: header.sender?.display,
    receivingApplication: header.destination?.[0]?.name ?? header.destination?.[0]?.endpoint,
    receivingFacility: header.destination?.[0]?.receiver?.display,
  };
}

/**
 * Validates a FHIR R4 lab Bundle (collection, transaction or message) and normalises it into the
 * same model as HL7 v2 ORU^R01. The bundle must hold at least one DiagnosticReport; every
 * Observation in it must be reachable from a report's `result` (directly or as a panel member),
 * so no result is silently dropped; all reports must concern one patient.
 * @throws FhirBundleError carrying an OperationOutcome without PHI
 */
export function parseFhirLabBundle(json: unknown): LabReportMessage {
  const bundle: Bundle & { type: AcceptedBundleType } = validateLabBundle(json);
  const index = new BundleIndex(bundle);
  const issues: OperationOutcomeIssue[] = [];
  const diagnosticReports = index.all('DiagnosticReport');
  if (diagnosticReports.length === 0) {
    issues.push(issue('required', 'Bundle.entry', 'The bundle must contain a DiagnosticReport'));
  }
  const subjects = new Set(diagnosticReports.map((entry) => subjectKey(entry.resource.subject)));
  if (subjects.size > 1) {
    issues.push(issue('business-rule', 'Bundle.entry', 'All DiagnosticReports must concern the same patient'));
  }
  const messageControlId = bundle.identifier?.value ?? bundle.id;
  if (messageControlId === undefined) {
    issues.push(issue('required', 'Bundle.identifier', 'Bundle.identifier or Bundle.id is required for de-duplication'));
  }

  const referenced = new Set<Observation>();
  const reports = diagnosticReports
    .map((entry) => mapReport(index, entry, referenced, issues))
    .filter((report): report is LabReport => report !== undefined);
  for (const orphan of index.all('Observation').filter((entry) => !referenced.has(entry.resource))) {
    issues.push(issue('business-rule', orphan.path, 'Observation is not referenced by any DiagnosticReport.result'));
  }
  if (issues.length > 0 || messageControlId === undefined) {
    throw new FhirBundleError(issues);
  }

  const [first] = diagnosticReports;
  const subject = first?.resource.subject;
  const patient = index.resolve(subject, 'Patient', first)?.resource;
  return {
    source: 'fhir',
    messageControlId,
    messageType: `Bundle:${bundle.type}`,
    ...messageHeaderFields(index, bundle.type),
    sentAt: normaliseDateTime(bundle.timestamp),
    version: '4.0.1',
    patient: mapPatient(patient, subject),
    reports,
  };
}
