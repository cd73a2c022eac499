import { type Knex } from 'knex';
import { type Actor } from '../../authz/actor.js';
import { recordAudit } from '../../audit/record-audit.js';
import { withTenant } from '../../db/tenant-scope.js';
import { referralRow } from './load-referral.js';

/**
 * Attaches the consult report the specialist submitted (stored sealed by the API before the task was
 * completed). A report ID that is not this referral's is ignored: false.
 */
export async function attachReport(db: Knex, input: { tenantId: string; referralId: string; reportId: string }, auditActor: Actor): Promise<boolean> {
  return withTenant(db, input.tenantId, async (trx) => {
    const referral = await referralRow(trx, input.referralId, 'update');
    const report = await trx('referral_reports').where({ id: input.reportId, referral_id: input.referralId }).first<{ id: string } | undefined>('id');
    if (!report) return false;
    if (referral.report_id === report.id) return true;
    await trx('referrals').where({ id: input.referralId }).update({ report_id: report.id, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
    await recordAudit(trx, auditActor, { action: 'referral.report-attached', entityType: 'Referral', entityId: input.referralId, patientId: referral.patient_id, details: { reportId: report.id } });
    return true;
  });
}

/** The inbox title and instructions of a task the workflow is about to create (no clinical content). */
export async function describeTask(db: Knex, input: { tenantId: string; taskId: string; title: string; instructions: string }): Promise<void> {
  await withTenant(db, input.tenantId, (trx) =>
    trx('task_details').insert({ task_id: input.taskId, tenant_id: input.tenantId, title: input.title, instructions: input.instructions }).onConflict('task_id').ignore(),
  );
}

/** A workflow event worth auditing (a patient notice's outcome): codes and IDs only. */
export async function auditReferralEvent(db: Knex, input: { tenantId: string; referralId: string; action: string; details: Record<string, unknown> }, auditActor: Actor): Promise<void> {
  await withTenant(db, input.tenantId, async (trx) => {
    const referral = await referralRow(trx, input.referralId);
    await recordAudit(trx, auditActor, { action: input.action, entityType: 'Referral', entityId: input.referralId, patientId: referral.patient_id, details: input.details });
  });
}
