import { type Knex } from 'knex';
import { fn } from 'objection';
import { LabReport } from '../results/lab-report-model.js';
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

/** `releaseKey` names this release (a revision, the end of a hold) so a retry releases once. */
export async function releaseReport(trx: Knex.Transaction, tenantId: string, reportId: string, releaseKey: string): Promise<ReleaseOutcome> {
  const report = (await LabReport.query(trx).findById(reportId).forUpdate().select('hold_until', 'released_at', 'patient_id'))!;
  if (report.holdUntil) return { released: false, held: true };
  if (!report.patientId) return { released: false, held: false };
  await LabReport.query(trx).patch({ releasedAt: fn.now(), updatedAt: fn.now() }).where('id', reportId);
  await recordLabEvent(trx, tenantId, { reportId, key: `released:${releaseKey}`, kind: 'released', details: { releaseKey } });
  return { released: true, held: false };
}

export async function placeHold(
  trx: Knex.Transaction,
  tenantId: string,
  reportId: string,
  hold: { reason: string; until: string; placedBy: { type: string; id: string }; practitionerId: string | null; key: string },
): Promise<void> {
  await LabReport.query(trx)
    .patch({
      holdReason: hold.reason,
      holdUntil: new Date(hold.until).toISOString(),
      holdPlacedBy: hold.placedBy.id,
      holdPlacedAt: fn.now(),
      updatedAt: fn.now(),
    })
    .where('id', reportId);
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
  const updated = await LabReport.query(trx).patch({ holdUntil: null, updatedAt: fn.now() }).where('id', reportId).whereNotNull('hold_until');
  if (updated === 0) return false;
  await recordLabEvent(trx, tenantId, { reportId, key: `hold-lifted:${lift.key}`, kind: 'hold-lifted', actor: lift.by, details: { why: lift.why } });
  return true;
}
