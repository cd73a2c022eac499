import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { fn } from 'objection';
import { labResultWorkflowId } from '../../workflows/shared/lab-result.js';
import { type LabReport as ParsedReport, type LabReportMessage, reportRevision } from '../interop/index.js';
import { LabObservation, LabReport, LabReportRevision } from '../results/lab-report-model.js';
import { withoutNul } from './nul-safe.js';

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
export function reportKey(report: ParsedReport): string | null {
  const test = report.test.code;
  if (report.fillerOrderNumber) return `F:${report.fillerOrderNamespace ?? ''}:${report.fillerOrderNumber}|${test}`;
  if (report.placerOrderNumber) return `P:${report.placerOrderNamespace ?? ''}:${report.placerOrderNumber}|${test}`;
  return null;
}

/**
 * The report a revision belongs to: created on first sight, else found by its key (its
 * `last_received_at` moves on). One statement: `on conflict … do update` returns the existing row.
 */
async function findOrCreateReport(
  trx: Knex.Transaction,
  base: { tenantId: string; integrationId: string; receivedAt: string },
  report: ParsedReport,
): Promise<string> {
  const key = reportKey(report);
  const id = randomUUID();
  const fields = {
    id,
    tenantId: base.tenantId,
    integrationId: base.integrationId,
    reportKey: key,
    placerOrderNumber: report.placerOrderNumber ?? null,
    fillerOrderNumber: report.fillerOrderNumber ?? null,
    test: { code: report.test.code, display: report.test.display ?? null, system: report.test.system ?? null },
    status: reportRevision(report),
    workflowId: labResultWorkflowId(id),
    firstReceivedAt: base.receivedAt,
    lastReceivedAt: base.receivedAt,
  };
  if (key === null) {
    await LabReport.query(trx).insert(fields);
    return id;
  }
  const stored = await LabReport.query(trx)
    .insert(fields)
    .onConflict(['tenant_id', 'integration_id', 'report_key'])
    .merge({ lastReceivedAt: base.receivedAt, updatedAt: fn.now() })
    .returning('id');
  return stored.id;
}

/**
 * Stores every report of a parsed message as a new revision with its observations. The earlier
 * revisions stay as they are: the workflow decides which one is current (a late preliminary must
 * not replace a final), and the earlier values remain as history. A NUL the sender put in any text
 * (a note, a display name, \X00\ in HL7 or \u0000 in FHIR JSON) is stored as U+FFFD: PostgreSQL
 * cannot hold it, and the inbox keeps the message as received.
 */
export async function storeReports(
  trx: Knex.Transaction,
  base: { tenantId: string; integrationId: string; inboxId: string; receivedAt: string },
  parsed: LabReportMessage,
): Promise<StoredRevision[]> {
  const message = withoutNul(parsed);
  const stored: StoredRevision[] = [];
  for (const report of message.reports) {
    const reportId = await findOrCreateReport(trx, base, report);
    const revisionId = randomUUID();
    await LabReportRevision.query(trx).insert({
      id: revisionId,
      tenantId: base.tenantId,
      reportId,
      inboxId: base.inboxId,
      revisionNo: await nextRevisionNo(trx, reportId),
      revision: reportRevision(report),
      reportStatus: report.reportStatus,
      observedAt: report.observedAt ?? null,
      resultedAt: report.resultedAt ?? null,
      receivedAt: base.receivedAt,
      patient: message.patient,
      orderingProvider: report.orderingProvider ?? null,
      notes: report.notes,
    });
    if (report.observations.length > 0) {
      await LabObservation.query(trx).insert(
        report.observations.map((observation, index) => ({
          tenantId: base.tenantId,
          reportId,
          revisionId,
          position: index + 1,
          code: observation.code,
          display: observation.display ?? null,
          system: observation.system ?? null,
          valueType: observation.valueType ?? null,
          value: observation.value ?? null,
          units: observation.units ?? null,
          referenceRange: observation.referenceRange ?? null,
          abnormalFlags: observation.abnormalFlags,
          resultStatus: observation.resultStatus,
          observedAt: observation.observedAt ?? null,
          notes: observation.notes,
        })),
      );
    }
    stored.push({ reportId, revisionId });
  }
  return stored;
}

async function nextRevisionNo(trx: Knex.Transaction, reportId: string): Promise<number> {
  const last = await LabReportRevision.query(trx).where('report_id', reportId).max('revision_no as n').first().castTo<{ n: number | null }>();
  return (last?.n ?? 0) + 1;
}
