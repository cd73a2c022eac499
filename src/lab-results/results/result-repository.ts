import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { type Action } from '../../authz/subjects.js';
import { LabReport } from './lab-report-model.js';

/** A lab result report as a plain object (the fields permissions and views talk about). */
export interface LabResultRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  workflowId: string;
  patientId: string | null;
  orderingPractitionerId: string | null;
  labOrderId: string | null;
  /** The caller, when they may see the report as a clinician with a relationship to it. */
  viewerPractitionerId: string | null;
  test: { code: string; display: string | null; system: string | null };
  placerOrderNumber: string | null;
  fillerOrderNumber: string | null;
  status: 'preliminary' | 'final' | 'corrected' | 'cancelled';
  classification: 'normal' | 'abnormal' | 'critical' | null;
  corrected: boolean;
  matchStatus: 'pending' | 'matched' | 'unmatched' | 'ambiguous';
  matchedBy: string | null;
  criticalState: 'none' | 'awaiting-ack' | 'acknowledged';
  escalationLevel: number;
  release: 'withheld' | 'released' | 'on-hold';
  releasedAt: string | null;
  holdUntil: string | null;
  patientVisible: boolean;
  currentRevisionId: string | null;
  firstReceivedAt: string;
  lastReceivedAt: string;
  updatedAt: string;
}

/** The report columns a `LabResultRecord` holds (not the integration, key, or hold reason and author). */
const RECORD_COLUMNS = [
  'id',
  'tenant_id',
  'workflow_id',
  'patient_id',
  'ordering_practitioner_id',
  'lab_order_id',
  'test_code',
  'test_display',
  'test_system',
  'placer_order_number',
  'filler_order_number',
  'status',
  'classification',
  'corrected',
  'match_status',
  'matched_by',
  'critical_state',
  'escalation_level',
  'released_at',
  'hold_until',
  'current_revision_id',
  'first_received_at',
  'last_received_at',
  'updated_at',
].map((column) => `r.${column}`);

/** The selected columns and computed permission fields, plus where the release stands. */
function toRecord(report: LabReport): LabResultRecord {
  const fields = report.toRecord<LabResultRecord>();
  return { ...fields, release: fields.holdUntil ? 'on-hold' : fields.releasedAt ? 'released' : 'withheld' };
}

/** Permission fields → the SQL that holds them in `baseQuery`. */
const COLUMNS = {
  tenantId: 'r.tenant_id',
  patientId: 'r.patient_id',
  orderingPractitionerId: 'r.ordering_practitioner_id',
  matchStatus: 'r.match_status',
  status: 'r.status',
  classification: 'r.classification',
  viewerPractitionerId: 'viewer.practitioner_id',
  patientVisible: 'v.patient_visible',
};

/**
 * Reports with the two computed permission fields: whether the caller is among the report's viewing
 * clinicians (`lab_report_viewers`) and whether the patient may see it (released, not on hold).
 */
function baseQuery(scope: AccessScope, action: Action) {
  const practitionerId = scope.actor.practitionerId ?? null;
  return LabReport.query(scope.trx)
    .alias('r')
    .joinRaw('cross join lateral (select (r.released_at is not null and r.hold_until is null) as patient_visible) v')
    .joinRaw(
      'left join lateral (select lv.practitioner_id from lab_report_viewers lv where lv.report_id = r.id and lv.practitioner_id = ? limit 1) viewer on true',
      [practitionerId],
    )
    .where(accessibleWhere(scope.ability, action, 'LabResult', { columns: COLUMNS }))
    .select(...RECORD_COLUMNS, 'v.patient_visible', 'viewer.practitioner_id as viewer_practitioner_id');
}

export async function findLabResult(scope: AccessScope, id: string, action: Action = 'read'): Promise<LabResultRecord | undefined> {
  const report = await baseQuery(scope, action).where('r.id', id).first();
  return report && toRecord(report);
}

export interface LabResultFilters {
  patientId?: string;
  status?: LabResultRecord['status'];
  classification?: 'normal' | 'abnormal' | 'critical';
}

export async function listLabResults(scope: AccessScope, filters: LabResultFilters, page: { limit: number; offset: number }): Promise<LabResultRecord[]> {
  const query = baseQuery(scope, 'read');
  if (filters.patientId) void query.where('r.patient_id', filters.patientId);
  if (filters.status) void query.where('r.status', filters.status);
  if (filters.classification) void query.where('r.classification', filters.classification);
  const reports = await query
    .orderBy([{ column: 'r.first_received_at', order: 'desc' }, { column: 'r.id' }])
    .limit(page.limit + 1)
    .offset(page.offset);
  return reports.map(toRecord);
}
