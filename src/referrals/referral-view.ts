import { type Knex } from 'knex';
import { type AppAbility } from '../authz/ability.js';
import { permittedFields, pickPermitted } from '../authz/permitted-fields.js';
import { type Keyring, openClinical } from './clinical-box.js';
import { type ReferralClinical, type StoredReferral, toReferralRecord } from './referral-record.js';
import { loadTimeline } from './referral-timeline.js';
import { ReferralDocument, ReferralNote, ReferralReport } from './store/referral-content-model.js';
import { ReferralHistoryEntry } from './store/referral-model.js';

/** Sealed parts of a referral, opened for callers whose permissions include them. */
async function clinicalParts(trx: Knex.Transaction, keys: Keyring, referral: StoredReferral, wanted: Set<string>): Promise<Record<string, unknown>> {
  const parts: Record<string, unknown> = {};
  if (wanted.has('reason') || wanted.has('clinicalQuestion')) {
    const clinical = openClinical<ReferralClinical>(keys, referral.id, referral.clinicalSealed);
    parts.reason = clinical.reason;
    parts.clinicalQuestion = clinical.clinicalQuestion;
  }
  if (wanted.has('documents')) {
    const docs = await ReferralDocument.query(trx).where('referral_id', referral.id).orderBy('position');
    parts.documents = docs.map((d) => ({
      id: d.id,
      kind: d.kind,
      reference: d.reference,
      ...(d.contentSealed ? openClinical<{ title?: string; description?: string }>(keys, d.id, d.contentSealed) : {}),
    }));
  }
  if (wanted.has('notes')) {
    const notes = await ReferralNote.query(trx).where('referral_id', referral.id).orderBy('created_at');
    parts.notes = notes.map((n) => ({ id: n.id, kind: n.kind, text: openClinical<{ text: string }>(keys, n.id, n.sealed).text, authorUserId: n.authorUserId, at: n.createdAt }));
  }
  if (wanted.has('report')) {
    const report = referral.reportId ? await ReferralReport.query(trx).findById(referral.reportId) : undefined;
    parts.report = report
      ? { id: report.id, ...openClinical<{ text: string; findings: unknown[] }>(keys, report.id, report.sealed), submittedByUserId: report.submittedByUserId, submittedAt: report.submittedAt }
      : null;
  }
  return parts;
}

async function historyOf(trx: Knex.Transaction, referralId: string) {
  const entries = await ReferralHistoryEntry.query(trx)
    .select('at', 'from_status', 'to_status', 'stage', 'actor_type', 'actor_id', 'actor_role', 'reason')
    .where('referral_id', referralId)
    .orderBy('id');
  return entries.map((h) => ({
    at: h.at,
    fromStatus: h.fromStatus,
    toStatus: h.toStatus,
    stage: h.stage,
    actor: { type: h.actorType, id: h.actorId, role: h.actorRole },
    reason: h.reason,
  }));
}

export type ReferralView = Record<string, unknown>;

/**
 * A referral as the caller may see it. What their permissions leave out is not even loaded (a
 * scheduler's view never opens the sealed clinical content); `detail` adds the stage timeline,
 * the status history and the sealed parts, a list shows the referral alone.
 */
export async function referralView(trx: Knex.Transaction, ability: AppAbility, keys: Keyring, referral: StoredReferral, detail: boolean): Promise<ReferralView> {
  const record: Record<string, unknown> = toReferralRecord(referral);
  if (detail) {
    const sample = { ...record, reason: null, clinicalQuestion: null, documents: null, notes: null, report: null, timeline: null, history: null };
    const wanted = new Set(permittedFields(ability, 'read', 'Referral', sample));
    Object.assign(record, await clinicalParts(trx, keys, referral, wanted));
    if (wanted.has('timeline')) record.timeline = await loadTimeline(trx, referral.id, referral.workflowId);
    if (wanted.has('history')) record.history = await historyOf(trx, referral.id);
  }
  return pickPermitted(ability, 'read', 'Referral', record);
}
