import { type Knex } from 'knex';

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

type Row = Record<string, unknown>;

export async function loadCaseState(trx: Knex.Transaction, reportId: string): Promise<LabCaseState> {
  const report = (await trx('lab_reports').where({ id: reportId }).first()) as Row;
  const unrouted = await trx('lab_report_revisions').where({ report_id: reportId }).whereNull('routed_at').orderBy('revision_no').select<{ id: string }[]>('id');
  const acknowledged = await trx('lab_critical_notifications')
    .where({ report_id: reportId })
    .whereNotNull('acknowledged_at')
    .orderBy('acknowledged_at', 'desc')
    .first<{ critical_key: string } | undefined>('critical_key');
  return {
    matchStatus: report.match_status as LabCaseState['matchStatus'],
    patientId: (report.patient_id as string | null) ?? null,
    orderingPractitionerId: (report.ordering_practitioner_id as string | null) ?? null,
    status: report.current_revision_id ? (report.status as LabCaseState['status']) : null,
    released: report.released_at !== null,
    holdUntil: report.hold_until ? (report.hold_until as Date).toISOString() : null,
    unroutedRevisionIds: unrouted.map((r) => r.id),
    acknowledgedCriticalKey: acknowledged?.critical_key ?? null,
  };
}

export async function markRevisionRouted(trx: Knex.Transaction, revisionId: string): Promise<void> {
  await trx('lab_report_revisions').where({ id: revisionId }).whereNull('routed_at').update({ routed_at: trx.fn.now() });
}

/** Records who a report was routed to, which lets them read it (see `lab_report_viewers`). */
export async function addRecipient(trx: Knex.Transaction, tenantId: string, reportId: string, practitionerId: string, role: string): Promise<void> {
  await trx('lab_report_recipients')
    .insert({ tenant_id: tenantId, report_id: reportId, practitioner_id: practitionerId, role })
    .onConflict(['report_id', 'practitioner_id', 'role'])
    .ignore();
}
