import { createHash } from 'node:crypto';
import { type Knex } from 'knex';
import { fn, raw } from 'objection';
import {
  classifyObservation,
  type CriticalRanges,
  type LabObservation,
  type ReportRevision,
  type ResultClassification,
  worstOf,
} from '../interop/index.js';
import { LabObservation as LabObservationModel, LabReport, LabReportRevision } from '../results/lab-report-model.js';
import { recordLabEvent } from './timeline.js';

type StoredObservation = Pick<
  LabObservationModel,
  'position' | 'valueType' | 'code' | 'display' | 'system' | 'value' | 'units' | 'referenceRange' | 'abnormalFlags' | 'resultStatus' | 'observedAt' | 'notes'
>;

export interface AppliedRevision {
  outcome: 'applied' | 'ignored';
  revision: ReportRevision;
  classification: ResultClassification;
  corrected: boolean;
  /**
   * A digest of the critical observations (code and value), so the workflow can tell whether a
   * later revision brings a critical value that was not acknowledged yet. Null when not critical.
   */
  criticalKey: string | null;
}

/** A stored observation as the classifier reads it (the parsed shape: absent rather than null). */
function toObservation(stored: StoredObservation): LabObservation {
  return {
    setId: stored.position,
    valueType: stored.valueType ?? undefined,
    code: stored.code,
    display: stored.display ?? undefined,
    system: stored.system ?? undefined,
    value: stored.value ?? undefined,
    units: stored.units ?? undefined,
    referenceRange: stored.referenceRange ?? undefined,
    abnormalFlags: stored.abnormalFlags,
    resultStatus: stored.resultStatus as LabObservation['resultStatus'],
    observedAt: stored.observedAt ?? undefined,
    notes: stored.notes,
  };
}

function criticalKeyOf(observations: { observation: LabObservation; classification: ResultClassification }[]): string | null {
  const critical = observations
    .filter((o) => o.classification === 'critical')
    .map((o) => `${o.observation.code}=${JSON.stringify(o.observation.value ?? null)}`)
    .sort();
  return critical.length === 0 ? null : createHash('sha256').update(critical.join('\n')).digest('hex');
}

/**
 * Classifies a revision with the tenant's critical ranges and makes it the report's current one,
 * superseding the earlier revision (which stays, with its values, as history). A preliminary that
 * arrives after the final is recorded and ignored: it must never replace the final values.
 */
export async function applyRevision(
  trx: Knex.Transaction,
  tenantId: string,
  ids: { reportId: string; revisionId: string },
  ranges: CriticalRanges,
): Promise<AppliedRevision> {
  const report = (await LabReport.query(trx).findById(ids.reportId).forUpdate())!;
  const revision = (await LabReportRevision.query(trx).findById(ids.revisionId).select('revision'))!;
  const kind = revision.revision;
  const current = report.currentRevisionId ? await LabReportRevision.query(trx).findById(report.currentRevisionId).select('id', 'revision') : undefined;
  const stored = await LabObservationModel.query(trx).where('revision_id', ids.revisionId).modify('inLabOrder');
  const classified = stored.map((row) => {
    const observation = toObservation(row);
    return { id: row.id, observation, classification: classifyObservation(observation, ranges) };
  });
  const classification = worstOf(classified.map((o) => o.classification));
  const corrected = kind === 'corrected';
  const criticalKey = criticalKeyOf(classified);

  if (current && current.id === ids.revisionId) {
    return { outcome: 'applied', revision: kind, classification, corrected, criticalKey };
  }
  if (kind === 'preliminary' && current && ['final', 'corrected'].includes(current.revision)) {
    await recordLabEvent(trx, tenantId, { reportId: ids.reportId, key: `ignored:${ids.revisionId}`, kind: 'ignored-out-of-order', revisionId: ids.revisionId });
    return { outcome: 'ignored', revision: kind, classification, corrected, criticalKey };
  }
  for (const o of classified) {
    await LabObservationModel.query(trx).patch({ classification: o.classification }).where('id', o.id);
  }
  await LabReportRevision.query(trx).patch({ classification }).where('id', ids.revisionId);
  if (current) {
    await LabReportRevision.query(trx).patch({ supersededAt: fn.now() }).where('id', current.id);
    await recordLabEvent(trx, tenantId, {
      reportId: ids.reportId,
      key: `superseded:${current.id}`,
      kind: 'superseded',
      revisionId: current.id,
      details: { by: ids.revisionId },
    });
  }
  await LabReport.query(trx)
    .patch({ currentRevisionId: ids.revisionId, status: kind, classification, corrected: raw('corrected or ?', [corrected]), updatedAt: fn.now() })
    .where('id', ids.reportId);
  await recordLabEvent(trx, tenantId, {
    reportId: ids.reportId,
    key: `classified:${ids.revisionId}`,
    kind: 'classified',
    revisionId: ids.revisionId,
    details: { classification, revision: kind, corrected },
  });
  return { outcome: 'applied', revision: kind, classification, corrected, criticalKey };
}
