import { type DiagnosticReport, type Observation, type OperationOutcomeIssue, type Reference } from '@medplum/fhirtypes';
import { type LabObservation, type LabReport } from '../model.js';
import { type BundleIndex, type IndexedResource } from './bundle-index.js';
import { issue } from './errors.js';
import { mapProvider, orderNumbers } from './map-parties.js';
import {
  REPORT_STATUS,
  RESULT_STATUS,
  interpretationFlags,
  mapValue,
  normaliseDateTime,
  pickCoding,
  referenceRangeText,
} from './map-values.js';

/**
 * DiagnosticReport + its Observations onto LabReport. Problems are collected into `issues` (all
 * of them, so the sender can fix everything in one round) instead of thrown one at a time.
 */

function mapObservation(
  entry: IndexedResource<Observation>,
  setId: number,
  reportObservedAt: string | undefined,
  issues: OperationOutcomeIssue[],
): LabObservation | undefined {
  const observation = entry.resource;
  const resultStatus = RESULT_STATUS[observation.status];
  const code = pickCoding(observation.code);
  const mapped = mapValue(observation);
  if (resultStatus === undefined) {
    issues.push(issue('code-invalid', `${entry.path}.status`, 'Observation.status must be a status that can be routed'));
  }
  if (code === undefined) {
    issues.push(issue('required', `${entry.path}.code`, 'Observation.code needs a coding with a code'));
  }
  if (mapped === undefined) {
    issues.push(issue('not-supported', `${entry.path}.value[x]`, 'This Observation value type is not supported'));
  }
  if (resultStatus === undefined || code === undefined || mapped === undefined) {
    return undefined;
  }
  const effective = observation.effectiveDateTime ?? observation.effectiveInstant ?? observation.effectivePeriod?.start;
  return {
    setId,
    valueType: mapped.valueType,
    code: code.code,
    display: code.display,
    system: code.system,
    value: mapped.value,
    units: mapped.units,
    referenceRange: referenceRangeText(observation),
    abnormalFlags: interpretationFlags(observation),
    resultStatus,
    observedAt: normaliseDateTime(effective) ?? reportObservedAt,
    notes: (observation.note ?? []).map((note) => note.text),
  };
}

/**
 * The Observations a report points to, panels (hasMember) expanded in place. Each resolved
 * Observation is added to `referenced` so the caller can reject orphans.
 */
function collectObservations(
  index: BundleIndex,
  report: IndexedResource<DiagnosticReport>,
  referenced: Set<Observation>,
  issues: OperationOutcomeIssue[],
): IndexedResource<Observation>[] {
  const collected: IndexedResource<Observation>[] = [];
  const visit = (references: Reference[], from: IndexedResource, path: string): void => {
    references.forEach((reference, position) => {
      const found = index.resolve(reference, 'Observation', from);
      if (found === undefined) {
        issues.push(issue('not-found', `${path}[${position}]`, 'Reference must resolve to an Observation in the bundle'));
        return;
      }
      if (referenced.has(found.resource)) {
        return;
      }
      referenced.add(found.resource);
      collected.push(found);
      visit(found.resource.hasMember ?? [], found, `${found.path}.hasMember`);
    });
  };
  visit(report.resource.result ?? [], report, `${report.path}.result`);
  return collected;
}

export function mapReport(
  index: BundleIndex,
  entry: IndexedResource<DiagnosticReport>,
  referenced: Set<Observation>,
  issues: OperationOutcomeIssue[],
): LabReport | undefined {
  const report = entry.resource;
  const reportStatus = REPORT_STATUS[report.status];
  const test = pickCoding(report.code);
  if (reportStatus === undefined) {
    issues.push(issue('code-invalid', `${entry.path}.status`, 'DiagnosticReport.status must be a status that can be routed'));
  }
  if (test === undefined) {
    issues.push(issue('required', `${entry.path}.code`, 'DiagnosticReport.code needs a coding with a code'));
  }
  const observedAt = normaliseDateTime(report.effectiveDateTime ?? report.effectivePeriod?.start);
  const observations = collectObservations(index, entry, referenced, issues)
    .map((observation, position) => mapObservation(observation, position + 1, observedAt, issues))
    .filter((observation): observation is LabObservation => observation !== undefined);
  if (reportStatus === undefined || test === undefined) {
    return undefined;
  }
  const orders = orderNumbers(index, entry);
  return {
    placerOrderNumber: orders.placer?.value,
    placerOrderNamespace: orders.placer?.system,
    fillerOrderNumber: orders.filler?.value,
    fillerOrderNamespace: orders.filler?.system,
    test,
    reportStatus,
    observedAt,
    resultedAt: normaliseDateTime(report.issued),
    orderingProvider: mapProvider(index, orders.serviceRequest?.resource.requester, orders.serviceRequest),
    notes: report.conclusion === undefined ? [] : [report.conclusion],
    observations,
  };
}
