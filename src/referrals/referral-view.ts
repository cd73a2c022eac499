import { type Knex } from 'knex';
import { type AppAbility } from '../authz/ability.js';
import { permittedFields, pickPermitted } from '../authz/permitted-fields.js';
import { type Keyring, openClinical } from './clinical-box.js';
import { type ReferralClinical, type ReferralRow, toReferralRecord } from './referral-row.js';
import { loadTimeline } from './referral-timeline.js';

interface SealedRow {
  id: string;
  sealed: string;
}

/** Sealed parts of a referral, opened for callers whose permissions include them. */
async function clinicalParts(trx: Knex.Transaction, keys: Keyring, row: ReferralRow, wanted: Set<string>): Promise<Record<string, unknown>> {
  const parts: Record<string, unknown> = {};
  if (wanted.has('reason') || wanted.has('clinicalQuestion')) {
    const clinical = openClinical<ReferralClinical>(keys, row.id, row.clinical_sealed);
    parts.reason = clinical.reason;
    parts.clinicalQuestion = clinical.clinicalQuestion;
  }
  if (wanted.has('documents')) {
    const docs = await trx('referral_documents').where({ referral_id: row.id }).orderBy('position').select<(SealedRow & { kind: string; reference: string; content_sealed: string | null })[]>('*');
    parts.documents = docs.map((d) => ({
      id: d.id,
      kind: d.kind,
      reference: d.reference,
      ...(d.content_sealed ? openClinical<{ title?: string; description?: string }>(keys, d.id, d.content_sealed) : {}),
    }));
  }
  if (wanted.has('notes')) {
    const notes = await trx('referral_notes').where({ referral_id: row.id }).orderBy('created_at').select<(SealedRow & { kind: string; author_user_id: string | null; created_at: Date })[]>('*');
    parts.notes = notes.map((n) => ({ id: n.id, kind: n.kind, text: openClinical<{ text: string }>(keys, n.id, n.sealed).text, authorUserId: n.author_user_id, at: n.created_at.toISOString() }));
  }
  if (wanted.has('report')) {
    const report = row.report_id
      ? await trx('referral_reports').where({ id: row.report_id }).first<(SealedRow & { submitted_by_user_id: string | null; submitted_at: Date }) | undefined>()
      : undefined;
    parts.report = report
      ? { id: report.id, ...openClinical<{ text: string; findings: unknown[] }>(keys, report.id, report.sealed), submittedByUserId: report.submitted_by_user_id, submittedAt: report.submitted_at.toISOString() }
      : null;
  }
  return parts;
}

async function historyOf(trx: Knex.Transaction, referralId: string) {
  const rows = await trx('referral_history')
    .where({ referral_id: referralId })
    .orderBy('id')
    .select<
      { at: Date; from_status: string | null; to_status: string; stage: string | null; actor_type: string; actor_id: string | null; actor_role: string | null; reason: string | null }[]
    >('at', 'from_status', 'to_status', 'stage', 'actor_type', 'actor_id', 'actor_role', 'reason');
  return rows.map((h) => ({
    at: h.at.toISOString(),
    fromStatus: h.from_status,
    toStatus: h.to_status,
    stage: h.stage,
    actor: { type: h.actor_type, id: h.actor_id, role: h.actor_role },
    reason: h.reason,
  }));
}

export type ReferralView = Record<string, unknown>;

/**
 * A referral as the caller may see it. What their permissions leave out is not even loaded (a
 * scheduler's view never opens the sealed clinical content); `detail` adds the stage timeline,
 * the status history and the sealed parts, a list shows the row alone.
 */
export async function referralView(trx: Knex.Transaction, ability: AppAbility, keys: Keyring, row: ReferralRow, detail: boolean): Promise<ReferralView> {
  const record: Record<string, unknown> = toReferralRecord(row);
  if (detail) {
    const sample = { ...record, reason: null, clinicalQuestion: null, documents: null, notes: null, report: null, timeline: null, history: null };
    const wanted = new Set(permittedFields(ability, 'read', 'Referral', sample));
    Object.assign(record, await clinicalParts(trx, keys, row, wanted));
    if (wanted.has('timeline')) record.timeline = await loadTimeline(trx, row.id, row.workflow_id);
    if (wanted.has('history')) record.history = await historyOf(trx, row.id);
  }
  return pickPermitted(ability, 'read', 'Referral', record);
}
