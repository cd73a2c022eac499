import { ApplicationFailure, Context } from '@temporalio/activity';
import { fn, type PartialModelObject } from 'objection';
import { withTenant } from '../../db/tenant-scope.js';
import { getOrCreatePool } from '../../tasks/pools.js';
import { addPrescribedMedication } from '../clinical-data/medications.js';
import { findPharmacy } from '../clinical-data/pharmacies.js';
import { effectiveSettings } from '../clinical-data/settings.js';
import { buildMedicationRequest } from '../fhir/index.js';
import { PharmacyRejectedError, PharmacyUnavailableError } from '../pharmacy/pharmacy-adapter.js';
import { PrescriptionSignature, PrescriptionTransmission } from '../requests/prescription-history-model.js';
import { updatePrescription } from '../requests/prescription-repository.js';
import { userPractice } from '../routing/practitioner-facts.js';
import { type DecisionRef, PRESCRIPTION_FAILURES, type TransmissionReceipt, type TransmissionRef, type TransmissionTaskPlan } from './contract.js';
import { auditStep, invalidRequest, noticeToRequester, type PrescriptionStepDeps, requireRequest, stepEvent } from './step-support.js';

/** Sending the signed prescription to the pharmacy, and what the team does when that fails. */
export function createTransmissionSteps(deps: PrescriptionStepDeps) {
  const { db } = deps;

  const markRound = (ref: TransmissionRef, changes: PartialModelObject<PrescriptionTransmission>) =>
    withTenant(db, ref.tenantId, async (trx) => {
      await PrescriptionTransmission.query(trx).patch(changes).where({ prescription_id: ref.prescriptionId, round: ref.round });
    });

  return {
    /**
     * Idempotent: the MedicationRequest carries the prescription ID as its identifier and the
     * adapter sends it as a conditional create, so a retry never makes a second prescription.
     */
    async transmitPrescription(ref: TransmissionRef): Promise<TransmissionReceipt> {
      const attempt = Context.current().info.attempt;
      const prepared = await withTenant(db, ref.tenantId, async (trx) => {
        const p = await requireRequest(trx, ref.prescriptionId);
        const signature = await PrescriptionSignature.query(trx).select('content').where('prescription_id', p.id).first();
        if (!signature) throw invalidRequest('not-signed');
        if (!p.pharmacyId) throw invalidRequest('no-pharmacy');
        const pharmacy = await findPharmacy(trx, p.pharmacyId);
        await PrescriptionTransmission.query(trx)
          .insert({ tenantId: ref.tenantId, prescriptionId: p.id, round: ref.round, pharmacyId: p.pharmacyId, transport: pharmacy?.transport ?? 'unknown', attempts: attempt })
          .onConflict(['prescription_id', 'round'])
          .merge({ attempts: attempt, status: 'sending' });
        return { p, pharmacy, order: { ...signature.content.order, pharmacyId: p.pharmacyId } };
      });
      const { p, pharmacy } = prepared;
      try {
        if (!pharmacy?.active) throw new PharmacyRejectedError('pharmacy-inactive', null);
        const receipt = await deps.adapters[pharmacy.transport].transmit({
          tenantId: ref.tenantId,
          prescriptionId: p.id,
          pharmacy: {
            id: pharmacy.id,
            transport: pharmacy.transport,
            fhirEndpointUrl: pharmacy.fhirEndpointUrl,
            auth: pharmacy.fhirTokenUrl && pharmacy.fhirClientId ? { tokenUrl: pharmacy.fhirTokenUrl, clientId: pharmacy.fhirClientId, scope: pharmacy.fhirScope } : null,
          },
          medicationRequest: buildMedicationRequest(prepared.order),
        });
        return await withTenant(db, ref.tenantId, async (trx) => {
          await PrescriptionTransmission.query(trx)
            .patch({ status: 'sent', pharmacyReference: receipt.pharmacyReference, error: null, completedAt: fn.now() })
            .where({ prescription_id: p.id, round: ref.round });
          await updatePrescription(trx, p.id, { status: 'sent', sentAt: fn.now() });
          await addPrescribedMedication(trx, { tenantId: ref.tenantId, patientId: p.patientId, prescriptionId: p.id, rxcui: p.medication.rxcui, display: p.medication.display });
          const details = { round: ref.round, pharmacyId: pharmacy.id, pharmacyReference: receipt.pharmacyReference, duplicate: receipt.duplicate, attempts: attempt };
          await stepEvent(trx, ref, `transmitted:${ref.round}`, 'transmitted', details);
          await auditStep(trx, { ...ref, patientId: p.patientId }, 'prescription.transmit', details);
          return { pharmacyId: pharmacy.id, pharmacyReference: receipt.pharmacyReference, duplicate: receipt.duplicate };
        });
      } catch (err) {
        if (err instanceof PharmacyRejectedError) {
          await markRound(ref, { status: 'failed', error: { kind: 'permanent', code: err.code, detail: err.detail }, completedAt: new Date() });
          throw ApplicationFailure.create({ type: PRESCRIPTION_FAILURES.pharmacyRejected, message: err.code, nonRetryable: true });
        }
        if (err instanceof PharmacyUnavailableError) {
          await markRound(ref, { error: { kind: 'transient', code: err.code, detail: null } });
          throw ApplicationFailure.create({ type: 'PharmacyUnavailable', message: err.code });
        }
        throw err;
      }
    },

    /** After a rejection, or retries that never got through: the request waits for the team. */
    async recordTransmissionFailure(ref: TransmissionRef): Promise<void> {
      await withTenant(db, ref.tenantId, async (trx) => {
        const p = await requireRequest(trx, ref.prescriptionId);
        const thisRound = { prescription_id: p.id, round: ref.round };
        await PrescriptionTransmission.query(trx).patch({ status: 'failed', completedAt: fn.now() }).where({ ...thisRound, status: 'sending' });
        const round = await PrescriptionTransmission.query(trx).select('error_kind', 'error_code', 'error_detail').where(thisRound).first();
        await updatePrescription(trx, p.id, { status: 'transmission-failed' });
        const details = { round: ref.round, errorKind: round?.error?.kind ?? null, errorCode: round?.error?.code ?? null };
        await stepEvent(trx, ref, `transmission-failed:${ref.round}`, 'transmission-failed', details);
        await auditStep(trx, { ...ref, patientId: p.patientId }, 'prescription.transmit', details, 'denied');
      });
    },

    /** The task goes to the prescriber's team (their department's nurse pool), else to the prescriber. */
    async planTransmissionTask(ref: { tenantId: string; prescriptionId: string }): Promise<TransmissionTaskPlan> {
      return withTenant(db, ref.tenantId, async (trx) => {
        const p = await requireRequest(trx, ref.prescriptionId, false);
        const settings = await effectiveSettings(trx, deps.settings);
        const signerUserId = p.signerUserId;
        const departmentId = signerUserId ? ((await userPractice(trx, signerUserId))?.departmentId ?? null) : null;
        const physicianPool = await getOrCreatePool(trx, ref.tenantId, departmentId, 'physician');
        const assignee = departmentId ? { poolId: (await getOrCreatePool(trx, ref.tenantId, departmentId, 'nurse')).id } : signerUserId ? { userId: signerUserId } : { poolId: physicianPool.id };
        return { assignee, escalateTo: [{ kind: 'pool', poolId: physicianPool.id }], remindAfterSeconds: settings.remindAfterSeconds, escalateAfterSeconds: settings.escalateAfterSeconds };
      });
    },

    async applyTransmissionFix(d: DecisionRef): Promise<void> {
      await withTenant(db, d.tenantId, async (trx) => {
        const p = await requireRequest(trx, d.prescriptionId);
        const actor = { type: d.actor.type, id: d.actor.id };
        if (d.outcome === 'change-pharmacy') {
          const pharmacy = d.payload?.pharmacyId ? await findPharmacy(trx, d.payload.pharmacyId) : undefined;
          if (!pharmacy?.active) throw invalidRequest('no-active-pharmacy');
          await updatePrescription(trx, p.id, { pharmacyId: pharmacy.id, status: 'signed' });
        } else if (d.outcome === 'cancel') {
          await updatePrescription(trx, p.id, { status: 'cancelled', decision: { outcome: 'cancelled', reason: d.note ?? 'transmission-cancelled', decidedAt: fn.now() } });
          await noticeToRequester(trx, p, 'cancelled', d.note ?? null);
        } else {
          await updatePrescription(trx, p.id, { status: 'signed' });
        }
        const details = { round: d.round, outcome: d.outcome, ...(d.outcome === 'change-pharmacy' && { pharmacyId: d.payload?.pharmacyId }) };
        await stepEvent(trx, d, `transmission-fix:${d.round}`, 'transmission-fix', details, actor);
        await auditStep(trx, { ...d, patientId: p.patientId }, 'prescription.transmission-fix', { ...details, by: d.actor.id });
      });
    },
  };
}
