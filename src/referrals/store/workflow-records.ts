import { type Knex } from 'knex';
import { fn, raw } from 'objection';
import { type Actor } from '../../authz/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import { withTenant } from '../../db/tenant-scope.js';
import { TaskDetail } from '../../tasks/store/task-model.js';
import { loadReferral } from './load-referral.js';
import { ReferralReport } from './referral-content-model.js';
import { Referral } from './referral-model.js';

/**
 * Attaches the consult report the specialist submitted (stored sealed by the API before the task was
 * completed). A report ID that is not this referral's is ignored: false.
 */
export async function attachReport(db: Knex, input: { tenantId: string; referralId: string; reportId: string }, auditActor: Actor): Promise<boolean> {
  return withTenant(db, input.tenantId, async (trx) => {
    const referral = await loadReferral(trx, input.referralId, 'update');
    const report = await ReferralReport.query(trx).select('id').findById(input.reportId).where('referral_id', input.referralId);
    if (!report) return false;
    if (referral.reportId === report.id) return true;
    await Referral.query(trx).findById(input.referralId).patch({ reportId: report.id, version: raw('version + 1'), updatedAt: fn.now() });
    await recordAudit(trx, auditActor, { action: 'referral.report-attached', entityType: 'Referral', entityId: input.referralId, patientId: referral.patientId, details: { reportId: report.id } });
    return true;
  });
}

/** The inbox title and instructions of a task the workflow is about to create (no clinical content). */
export async function describeTask(db: Knex, input: { tenantId: string; taskId: string; title: string; instructions: string }): Promise<void> {
  await withTenant(db, input.tenantId, async (trx) => {
    await TaskDetail.query(trx).insert({ taskId: input.taskId, tenantId: input.tenantId, title: input.title, instructions: input.instructions }).onConflict('task_id').ignore();
  });
}

/** A workflow event worth auditing (a patient notice's outcome): codes and IDs only. */
export async function auditReferralEvent(db: Knex, input: { tenantId: string; referralId: string; action: string; details: Record<string, unknown> }, auditActor: Actor): Promise<void> {
  await withTenant(db, input.tenantId, async (trx) => {
    const referral = await loadReferral(trx, input.referralId);
    await recordAudit(trx, auditActor, { action: input.action, entityType: 'Referral', entityId: input.referralId, patientId: referral.patientId, details: input.details });
  });
}
