import { type Knex } from 'knex';
import { recordLabEvent } from './timeline.js';

/**
 * Release to the patient (21st Century Cures Act): a final or corrected result becomes readable by
 * the patient at once, without blanket delays, unless a physician placed an individual
 * "preventing harm" hold on it. The hold hides the result until it ends (by date or decision).
 */
export interface ReleaseOutcome {
  released: boolean;
  /** The result is on hold: not released now, released when the hold ends. */
  held: boolean;
}

type Row = { hold_until: Date | null; released_at: Date | null; patient_id: string | null };

/** `releaseKey` names this release (a revision, the end of a hold) so a retry releases once. */
export async function releaseReport(trx: Knex.Transaction, tenantId: string, reportId: string, releaseKey: string): Promise<ReleaseOutcome> {
  const report = await trx('lab_reports').where({ id: reportId }).forUpdate().first<Row>('hold_until', 'released_at', 'patient_id');
  if (report.hold_until) return { released: false, held: true };
  if (!report.patient_id) return { released: false, held: false };
  await trx('lab_reports').where({ id: reportId }).update({ released_at: trx.fn.now(), updated_at: trx.fn.now() });
  await recordLabEvent(trx, tenantId, { reportId, key: `released:${releaseKey}`, kind: 'released', details: { releaseKey } });
  return { released: true, held: false };
}

export async function placeHold(
  trx: Knex.Transaction,
  tenantId: string,
  reportId: string,
  hold: { reason: string; until: string; placedBy: { type: string; id: string }; practitionerId: string | null; key: string },
): Promise<void> {
  await trx('lab_reports').where({ id: reportId }).update({
    hold_reason: hold.reason,
    hold_until: new Date(hold.until),
    hold_placed_by: hold.placedBy.id,
    hold_placed_at: trx.fn.now(),
    updated_at: trx.fn.now(),
  });
  // The reason is free text a person wrote: it stays in the report row, not in the timeline.
  await recordLabEvent(trx, tenantId, {
    reportId,
    key: `hold-placed:${hold.key}`,
    kind: 'hold-placed',
    actor: hold.placedBy,
    practitionerId: hold.practitionerId,
    details: { until: new Date(hold.until).toISOString() },
  });
}

export async function liftHold(
  trx: Knex.Transaction,
  tenantId: string,
  reportId: string,
  lift: { why: 'hold-ended' | 'released-by-physician'; by: { type: string; id: string }; key: string },
): Promise<boolean> {
  const updated = await trx('lab_reports').where({ id: reportId }).whereNotNull('hold_until').update({ hold_until: null, updated_at: trx.fn.now() });
  if (updated === 0) return false;
  await recordLabEvent(trx, tenantId, { reportId, key: `hold-lifted:${lift.key}`, kind: 'hold-lifted', actor: lift.by, details: { why: lift.why } });
  return true;
}
