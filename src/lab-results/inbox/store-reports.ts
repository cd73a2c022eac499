import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { labResultWorkflowId } from '../../workflows/shared/lab-result.js';
import { type LabReport, type LabReportMessage, reportRevision } from '../interop/index.js';

/** A revision stored for a report; the workflow `lab-result-<reportId>` is told about it. */
export interface StoredRevision {
  reportId: string;
  revisionId: string;
}

/**
 * The identity of a report across messages: the accession (filler order number) or, without one,
 * the placer order number, plus the test. A preliminary, its final and later corrections share it
 * and so update the same report. Without either number every message is a report of its own.
 */
export function reportKey(report: LabReport): string | null {
  const test = report.test.code;
  if (report.fillerOrderNumber) return `F:${report.fillerOrderNamespace ?? ''}:${report.fillerOrderNumber}|${test}`;
  if (report.placerOrderNumber) return `P:${report.placerOrderNamespace ?? ''}:${report.placerOrderNumber}|${test}`;
  return null;
}

async function findOrCreateReport(
  trx: Knex.Transaction,
  base: { tenantId: string; integrationId: string; receivedAt: Date },
  report: LabReport,
): Promise<string> {
  const key = reportKey(report);
  const id = randomUUID();
  const row = {
    id,
    tenant_id: base.tenantId,
    integration_id: base.integrationId,
    report_key: key,
    placer_order_number: report.placerOrderNumber ?? null,
    filler_order_number: report.fillerOrderNumber ?? null,
    test_code: report.test.code,
    test_display: report.test.display ?? null,
    test_system: report.test.system ?? null,
    status: reportRevision(report),
    workflow_id: labResultWorkflowId(id),
    first_received_at: base.receivedAt,
    last_received_at: base.receivedAt,
  };
  if (key === null) {
    await trx('lab_reports').insert(row);
    return id;
  }
  const inserted = await trx('lab_reports').insert(row).onConflict(['tenant_id', 'integration_id', 'report_key']).ignore().returning<{ id: string }[]>('id');
  if (inserted[0]) return inserted[0].id;
  const existing = await trx('lab_reports')
    .where({ integration_id: base.integrationId, report_key: key })
    .update({ last_received_at: base.receivedAt, updated_at: trx.fn.now() })
    .returning<{ id: string }[]>('id');
  return existing[0]!.id;
}

/**
 * Stores every report of a parsed message as a new revision with its observations. The earlier
 * revisions stay as they are: the workflow decides which one is current (a late preliminary must
 * not replace a final), and the earlier values remain as history.
 */
export async function storeReports(
  trx: Knex.Transaction,
  base: { tenantId: string; integrationId: string; inboxId: string; receivedAt: Date },
  message: LabReportMessage,
): Promise<StoredRevision[]> {
  const stored: StoredRevision[] = [];
  for (const report of message.reports) {
    const reportId = await findOrCreateReport(trx, base, report);
    const revisionId = randomUUID();
    const last = (await trx('lab_report_revisions').where({ report_id: reportId }).max('revision_no as n').first()) as { n: number | null } | undefined;
    const next = (last?.n ?? 0) + 1;
    await trx('lab_report_revisions').insert({
      id: revisionId,
      tenant_id: base.tenantId,
      report_id: reportId,
      inbox_id: base.inboxId,
      revision_no: next,
      revision: reportRevision(report),
      report_status: report.reportStatus,
      observed_at: report.observedAt ?? null,
      resulted_at: report.resultedAt ?? null,
      received_at: base.receivedAt,
      patient: JSON.stringify(message.patient),
      ordering_provider: report.orderingProvider ? JSON.stringify(report.orderingProvider) : null,
      notes: JSON.stringify(report.notes),
    });
    if (report.observations.length > 0) {
      await trx('lab_observations').insert(
        report.observations.map((observation, index) => ({
          tenant_id: base.tenantId,
          report_id: reportId,
          revision_id: revisionId,
          position: index + 1,
          code: observation.code,
          display: observation.display ?? null,
          system: observation.system ?? null,
          value_type: observation.valueType ?? null,
          value: observation.value === undefined ? null : JSON.stringify(observation.value),
          units: observation.units ?? null,
          reference_range: observation.referenceRange ?? null,
          abnormal_flags: observation.abnormalFlags,
          result_status: observation.resultStatus,
          observed_at: observation.observedAt ?? null,
          notes: JSON.stringify(observation.notes),
        })),
      );
    }
    stored.push({ reportId, revisionId });
  }
  return stored;
}
