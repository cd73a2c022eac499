import { asSubject } from '../../authz/ability.js';
import { assertCan, notVisible } from '../../authz/assert-can.js';
import { assertFilterPermitted, pickPermitted } from '../../authz/permitted-fields.js';
import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit, recordAuditMany } from '../../audit/record-audit.js';
import { offsetOf, type Page, toPage } from '../../registry/shared/pagination.js';
import { readCriticalNotifications, readRevisions, readTimeline, type TimelineEntry } from './result-details.js';
import { findLabResult, type LabResultFilters, type LabResultRecord, listLabResults } from './result-repository.js';

export type LabResultView = Partial<LabResultRecord> & Record<string, unknown>;

/** Timeline details that tell how the result came out: result content, like the fields they mirror. */
const RESULT_DETAIL_KEYS = ['classification', 'flag', 'corrected'];

/**
 * The timeline as the caller may see it: whoever may not read the result's classification (ops) gets
 * no outcome in its details either, and whoever may not see whose result it is no patient ID.
 */
function timelineFor(scope: AccessScope, record: LabResultRecord, timeline: TimelineEntry[]): TimelineEntry[] {
  const subject = asSubject('LabResult', record);
  const seesOutcome = scope.ability.can('read', subject, 'classification');
  const seesPatient = scope.ability.can('read', subject, 'patientId');
  if (seesOutcome && seesPatient) return timeline;
  const hidden = (key: string, details: Record<string, unknown>) =>
    (!seesOutcome && RESULT_DETAIL_KEYS.includes(key)) || (!seesPatient && key === 'recipientId' && details.recipientType === 'patient');
  return timeline.map((entry) => ({ ...entry, details: Object.fromEntries(Object.entries(entry.details).filter(([key]) => !hidden(key, entry.details))) }));
}

/** Internal permission fields never leave the API. */
function strip(record: Record<string, unknown>): Record<string, unknown> {
  const { viewerPractitionerId: _viewer, patientVisible: _visible, currentRevisionId: _current, ...rest } = record;
  return rest;
}

export async function listLabResultsUseCase(
  scope: AccessScope,
  query: LabResultFilters & { limit: number; cursor?: string },
): Promise<Page<LabResultView>> {
  const filters: LabResultFilters = { patientId: query.patientId, status: query.status, classification: query.classification };
  const filterFields = Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .map(([field]) => field);
  assertFilterPermitted(scope.ability, 'LabResult', filterFields);
  const offset = offsetOf(query.cursor);
  const page = toPage(await listLabResults(scope, filters, { limit: query.limit, offset }), query.limit, offset);
  await recordAuditMany(
    scope.trx,
    scope.actor,
    page.items.map((r) => ({ action: 'read', entityType: 'LabResult', entityId: r.id, patientId: r.patientId, details: { via: 'list', filters: filterFields } })),
  );
  return { items: page.items.map((r) => strip(pickPermitted(scope.ability, 'read', 'LabResult', r))), nextCursor: page.nextCursor };
}

/**
 * A report with its observations (current revision), the earlier revisions (history of corrected
 * values), its critical notifications and its routing and escalation timeline, reduced to the
 * fields the caller may read (a patient sees the result, ops see the workflow state).
 */
export async function getLabResultUseCase(scope: AccessScope, id: string): Promise<LabResultView> {
  const record = await findLabResult(scope, id);
  if (!record) throw notVisible('read', 'LabResult', id);
  assertCan(scope.ability, 'read', 'LabResult', record, { patientId: record.patientId });
  const revisions = await readRevisions(scope.trx, id);
  const current = revisions.find((r) => r.id === record.currentRevisionId) ?? revisions[0];
  const detailed = {
    ...record,
    observations: current?.observations ?? [],
    notes: current?.notes ?? [],
    observedAt: current?.observedAt ?? null,
    resultedAt: current?.resultedAt ?? null,
    history: revisions.filter((r) => r !== current),
    criticalNotifications: await readCriticalNotifications(scope.trx, id),
    timeline: timelineFor(scope, record, await readTimeline(scope.trx, id)),
  };
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'LabResult', entityId: id, patientId: record.patientId });
  return strip(pickPermitted(scope.ability, 'read', 'LabResult', detailed));
}
