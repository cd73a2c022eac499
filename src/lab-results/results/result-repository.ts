import { type Knex } from 'knex';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { type Action } from '../../authz/subjects.js';

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

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : null);

function toRecord(r: Row): LabResultRecord {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    workflowId: r.workflow_id as string,
    patientId: (r.patient_id as string | null) ?? null,
    orderingPractitionerId: (r.ordering_practitioner_id as string | null) ?? null,
    labOrderId: (r.lab_order_id as string | null) ?? null,
    viewerPractitionerId: (r.viewer_practitioner_id as string | null) ?? null,
    test: { code: r.test_code as string, display: (r.test_display as string | null) ?? null, system: (r.test_system as string | null) ?? null },
    placerOrderNumber: (r.placer_order_number as string | null) ?? null,
    fillerOrderNumber: (r.filler_order_number as string | null) ?? null,
    status: r.status as LabResultRecord['status'],
    classification: (r.classification as LabResultRecord['classification']) ?? null,
    corrected: r.corrected as boolean,
    matchStatus: r.match_status as LabResultRecord['matchStatus'],
    matchedBy: (r.matched_by as string | null) ?? null,
    criticalState: r.critical_state as LabResultRecord['criticalState'],
    escalationLevel: r.escalation_level as number,
    release: r.hold_until ? 'on-hold' : r.released_at ? 'released' : 'withheld',
    releasedAt: iso(r.released_at),
    holdUntil: iso(r.hold_until),
    patientVisible: r.patient_visible as boolean,
    currentRevisionId: (r.current_revision_id as string | null) ?? null,
    firstReceivedAt: iso(r.first_received_at)!,
    lastReceivedAt: iso(r.last_received_at)!,
    updatedAt: iso(r.updated_at)!,
  };
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
function baseQuery(scope: AccessScope, action: Action): Knex.QueryBuilder {
  const practitionerId = scope.actor.practitionerId ?? null;
  return scope
    .trx('lab_reports as r')
    .joinRaw('cross join lateral (select (r.released_at is not null and r.hold_until is null) as patient_visible) v')
    .joinRaw(
      'left join lateral (select lv.practitioner_id from lab_report_viewers lv where lv.report_id = r.id and lv.practitioner_id = ? limit 1) viewer on true',
      [practitionerId],
    )
    .where(accessibleWhere(scope.ability, action, 'LabResult', { columns: COLUMNS }))
    .select('r.*', 'v.patient_visible', 'viewer.practitioner_id as viewer_practitioner_id');
}

export async function findLabResult(scope: AccessScope, id: string, action: Action = 'read'): Promise<LabResultRecord | undefined> {
  const row = await baseQuery(scope, action).where('r.id', id).first<Row | undefined>();
  return row && toRecord(row);
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
  const rows = await query
    .orderBy([{ column: 'r.first_received_at', order: 'desc' }, { column: 'r.id' }])
    .limit(page.limit + 1)
    .offset(page.offset)
    .then((result: unknown) => result as Row[]);
  return rows.map(toRecord);
}
