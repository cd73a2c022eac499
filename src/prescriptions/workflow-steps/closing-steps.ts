import { fn } from 'objection';
import { withTenant } from '../../db/tenant-scope.js';
import { updatePrescription } from '../requests/prescription-repository.js';
import { type CaseRef } from './contract.js';
import { auditStep, noticeToRequester, type PrescriptionStepDeps, requireRequest, stepEvent } from './step-support.js';

/** How a request ends when it does not reach the pharmacy, and the patient's notice when it does. */
export function createClosingSteps({ db }: PrescriptionStepDeps) {
  return {
    /** Expired (nobody decided within the tenant's limit) or cancelled; the requester is told. */
    async closePrescription(ref: CaseRef & { outcome: 'expired' | 'cancelled'; reason: string }): Promise<void> {
      await withTenant(db, ref.tenantId, async (trx) => {
        const p = await requireRequest(trx, ref.prescriptionId);
        if (p.status === ref.outcome) return;
        await updatePrescription(trx, p.id, { status: ref.outcome, decision: { outcome: ref.outcome, reason: ref.reason, decidedAt: fn.now() } });
        await noticeToRequester(trx, p, ref.outcome, ref.reason);
        await stepEvent(trx, ref, ref.outcome, ref.outcome, { reason: ref.reason });
        await auditStep(trx, { ...ref, patientId: p.patientId }, `prescription.${ref.outcome === 'expired' ? 'expire' : 'cancel'}`, { reason: ref.reason });
      });
    },

    async recordPatientNotice(ref: CaseRef & { notice?: 'sent' | 'not-approved'; status: 'sent' | 'suppressed' | 'failed'; messageId?: string; reason?: string }): Promise<void> {
      await withTenant(db, ref.tenantId, async (trx) => {
        const p = await requireRequest(trx, ref.prescriptionId, false);
        const details = { notice: ref.notice ?? 'sent', status: ref.status, ...(ref.messageId && { messageId: ref.messageId }), ...(ref.reason && { reason: ref.reason }) };
        await stepEvent(trx, ref, 'patient-notified', 'patient-notified', details);
        await auditStep(trx, { ...ref, patientId: p.patientId }, 'prescription.patient-notice', details);
      });
    },
  };
}
