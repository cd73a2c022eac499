import { type LabReport } from './model.js';

/**
 * Where a report stands in its revision life cycle, which decides how it is routed:
 * - 'corrected': OBR-25 = C or any OBX-11 = C (or D, a withdrawn value). It supersedes earlier
 *   values and is routed again for review, flagged as corrected.
 * - 'final': OBR-25 = F and no observation is still preliminary.
 * - 'cancelled': OBR-25 = X (no results will come).
 * - 'preliminary': anything else (P, A, R, I, O, S, or a final report with a preliminary value).
 */
export type ReportRevision = 'preliminary' | 'final' | 'corrected' | 'cancelled';

export function reportRevision(report: LabReport): ReportRevision {
  const statuses = report.observations.map((observation) => observation.resultStatus);
  if (report.reportStatus === 'C' || statuses.includes('C') || statuses.includes('D')) {
    return 'corrected';
  }
  if (report.reportStatus === 'X') {
    return 'cancelled';
  }
  if (report.reportStatus === 'F' && !statuses.includes('P')) {
    return 'final';
  }
  return 'preliminary';
}

export function isCorrection(report: LabReport): boolean {
  return reportRevision(report) === 'corrected';
}
