import { accessibleWhere } from '../../authz/accessible-where.js';
import { notVisible } from '../../authz/assert-can.js';
import { assertFilterPermitted } from '../../authz/permitted-fields.js';
import { type AccessScope, withRequestTenant } from '../../authz/request-scope.js';
import { recordAudit, recordAuditMany } from '../../audit/record-audit.js';
import { offsetOf, toPage } from '../../registry/shared/pagination.js';
import { type PrescriptionServices } from '../prescription-services.js';
import { PrescriptionNotice } from '../requests/prescription-history-model.js';
import { type PrescriptionStatus } from '../requests/prescription-record.js';
import { findPermittedPrescription, listPermittedPrescriptions } from '../requests/prescription-repository.js';
import { detailOf, listViews, withWorkflowState } from './prescription-views.js';

export interface PrescriptionListQuery {
  patientId?: string;
  status?: PrescriptionStatus;
  signerUserId?: string;
  controlled?: boolean;
  limit: number;
  cursor?: string;
}

/** Lists what the caller may see; filtering on a field they may not read is refused. Each patient touched is audited. */
export async function listPrescriptions(scope: AccessScope, query: PrescriptionListQuery) {
  const filterFields = [...(query.patientId ? ['patientId'] : []), ...(query.signerUserId ? ['signerUserId'] : []), ...(query.controlled !== undefined ? ['controlled'] : [])];
  assertFilterPermitted(scope.ability, 'Prescription', filterFields);
  const offset = offsetOf(query.cursor);
  const rows = await listPermittedPrescriptions(scope.trx, scope.ability, query, { limit: query.limit, offset });
  const page = toPage(rows, query.limit, offset);
  await recordAuditMany(
    scope.trx,
    scope.actor,
    page.items.map((p) => ({ action: 'read', entityType: 'Prescription', entityId: p.id, patientId: p.patientId, details: { via: 'list', filters: filterFields } })),
  );
  return { items: await listViews(scope, page.items), nextCursor: page.nextCursor };
}

/** One request with its findings and full decision and transmission history (fields per role). */
export async function getPrescription(services: PrescriptionServices, id: string) {
  const { detail, ability } = await withRequestTenant(services.db, async (scope) => {
    const found = await findPermittedPrescription(scope.trx, scope.ability, id);
    if (!found) throw notVisible('read', 'Prescription', id);
    await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'Prescription', entityId: id, patientId: found.patientId });
    return { detail: await detailOf(scope, found), ability: scope.ability };
  });
  return withWorkflowState(services.temporal, ability, detail);
}

export interface NoticeView {
  id: string;
  prescriptionId: string;
  kind: string;
  reason: string | null;
  createdAt: string;
  readAt: string | null;
}

/** The caller's notices: a request of theirs denied, expired or cancelled, with the reason. */
export async function listNotices(scope: AccessScope) {
  const notices = await PrescriptionNotice.query(scope.trx)
    .select('id', 'prescription_id', 'kind', 'reason', 'created_at', 'read_at')
    .where(accessibleWhere(scope.ability, 'read', 'PrescriptionNotice'))
    .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }])
    .limit(100);
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'PrescriptionNotice', entityId: null, details: { count: notices.length } });
  return notices.map((n) => n.toRecord<NoticeView>());
}
