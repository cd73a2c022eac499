import { type Knex } from 'knex';
import { fn } from 'objection';
import { LabReport, LabReportRevision } from '../results/lab-report-model.js';
import { LabCriticalNotification } from './critical-notification-model.js';
import { LabReportRecipient } from './report-recipient-model.js';

/** What a (re)started workflow needs to know about its report; IDs and states only. */
export interface LabCaseState {
  matchStatus: 'pending' | 'matched' | 'unmatched' | 'ambiguous';
  patientId: string | null;
  orderingPractitionerId: string | null;
  /** The current revision's kind, or null before any revision was applied. */
  status: 'preliminary' | 'final' | 'corrected' | 'cancelled' | null;
  released: boolean;
  holdUntil: string | null;
  /** Revisions stored but not routed yet, oldest first. */
  unroutedRevisionIds: string[];
  /** The critical values last acknowledged (digest), so the same values are not re-escalated. */
  acknowledgedCriticalKey: string | null;
}

export async function loadCaseState(trx: Knex.Transaction, reportId: string): Promise<LabCaseState> {
  const report = (await LabReport.query(trx).findById(reportId))!;
  const unrouted = await LabReportRevision.query(trx).where('report_id', reportId).whereNull('routed_at').orderBy('revision_no').select('id');
  const acknowledged = await LabCriticalNotification.query(trx)
    .where('report_id', reportId)
    .whereNotNull('acknowledged_at')
    .orderBy('acknowledged_at', 'desc')
    .select('critical_key')
    .first();
  return {
    matchStatus: report.matchStatus,
    patientId: report.patientId,
    orderingPractitionerId: report.orderingPractitionerId,
    status: report.currentRevisionId ? report.status : null,
    released: report.releasedAt !== null,
    holdUntil: report.holdUntil,
    unroutedRevisionIds: unrouted.map((r) => r.id),
    acknowledgedCriticalKey: acknowledged?.criticalKey ?? null,
  };
}

export async function markRevisionRouted(trx: Knex.Transaction, revisionId: string): Promise<void> {
  await LabReportRevision.query(trx).patch({ routedAt: fn.now() }).where('id', revisionId).whereNull('routed_at');
}

/** Records who a report was routed to, which lets them read it (see `lab_report_viewers`). */
export async function addRecipient(trx: Knex.Transaction, tenantId: string, reportId: string, practitionerId: string, role: string): Promise<void> {
  await LabReportRecipient.query(trx).insert({ tenantId, reportId, practitionerId, role }).onConflict(['report_id', 'practitioner_id', 'role']).ignore();
}
