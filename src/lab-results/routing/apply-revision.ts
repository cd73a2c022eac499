import { createHash } from 'node:crypto';
import { type Knex } from 'knex';
import {
  classifyObservation,
  type CriticalRanges,
  type LabObservation,
  type ReportRevision,
  type ResultClassification,
  worstOf,
} from '../interop/index.js';
import { recordLabEvent } from './timeline.js';

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

type Row = Record<string, unknown>;

function toObservation(row: Row): LabObservation {
  return {
    setId: row.position as number,
    valueType: (row.value_type as string | null) ?? undefined,
    code: row.code as string,
    display: (row.display as string | null) ?? undefined,
    system: (row.system as string | null) ?? undefined,
    value: (row.value as LabObservation['value'] | null) ?? undefined,
    units: (row.units as string | null) ?? undefined,
    referenceRange: (row.reference_range as string | null) ?? undefined,
    abnormalFlags: row.abnormal_flags as string[],
    resultStatus: row.result_status as LabObservation['resultStatus'],
    observedAt: (row.observed_at as string | null) ?? undefined,
    notes: row.notes as string[],
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
  const report = (await trx('lab_reports').where({ id: ids.reportId }).forUpdate().first()) as Row;
  const revision = (await trx('lab_report_revisions').where({ id: ids.revisionId }).first()) as Row;
  const kind = revision.revision as ReportRevision;
  const current = report.current_revision_id
    ? await trx('lab_report_revisions').where({ id: report.current_revision_id as string }).first<Row>('id', 'revision')
    : undefined;
  const rows = (await trx('lab_observations').where({ revision_id: ids.revisionId }).orderBy('position')) as Row[];
  const classified = rows.map((row) => {
    const observation = toObservation(row);
    return { id: row.id as string, observation, classification: classifyObservation(observation, ranges) };
  });
  const classification = worstOf(classified.map((o) => o.classification));
  const corrected = kind === 'corrected';
  const criticalKey = criticalKeyOf(classified);

  if (current && current.id === ids.revisionId) {
    return { outcome: 'applied', revision: kind, classification, corrected, criticalKey };
  }
  if (kind === 'preliminary' && current && ['final', 'corrected'].includes(current.revision as string)) {
    await recordLabEvent(trx, tenantId, { reportId: ids.reportId, key: `ignored:${ids.revisionId}`, kind: 'ignored-out-of-order', revisionId: ids.revisionId });
    return { outcome: 'ignored', revision: kind, classification, corrected, criticalKey };
  }
  for (const o of classified) {
    await trx('lab_observations').where({ id: o.id }).update({ classification: o.classification });
  }
  await trx('lab_report_revisions').where({ id: ids.revisionId }).update({ classification });
  if (current) {
    await trx('lab_report_revisions').where({ id: current.id as string }).update({ superseded_at: trx.fn.now() });
    await recordLabEvent(trx, tenantId, {
      reportId: ids.reportId,
      key: `superseded:${current.id as string}`,
      kind: 'superseded',
      revisionId: current.id as string,
      details: { by: ids.revisionId },
    });
  }
  await trx('lab_reports')
    .where({ id: ids.reportId })
    .update({
      current_revision_id: ids.revisionId,
      status: kind,
      classification,
      corrected: trx.raw('corrected or ?', [corrected]),
      updated_at: trx.fn.now(),
    });
  await recordLabEvent(trx, tenantId, {
    reportId: ids.reportId,
    key: `classified:${ids.revisionId}`,
    kind: 'classified',
    revisionId: ids.revisionId,
    details: { classification, revision: kind, corrected },
  });
  return { outcome: 'applied', revision: kind, classification, corrected, criticalKey };
}
