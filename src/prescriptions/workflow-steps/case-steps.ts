import { withTenant } from '../../db/tenant-scope.js';
import { getOrCreatePool } from '../../tasks/pools.js';
import { effectiveSettings } from '../clinical-data/settings.js';
import { screeningInputs } from '../clinical-data/screening-inputs.js';
import { screenDraft } from '../decision/prepare-signature.js';
import { draftOf } from '../requests/prescription-record.js';
import { updatePrescription } from '../requests/prescription-repository.js';
import { decideRouting, escalationTargets } from '../routing/decide-routing.js';
import { practitionerFacts, userPractice } from '../routing/practitioner-facts.js';
import { type CaseFacts, type CaseRef, type RoutingPlan, type ScreeningSummary } from './contract.js';
import { auditStep, invalidRequest, type PrescriptionStepDeps, requireRequest, stepEvent } from './step-support.js';

/** Loading, screening and routing a request. */
export function createCaseSteps(deps: PrescriptionStepDeps) {
  const { db } = deps;
  return {
    async loadPrescriptionCase(ref: CaseRef): Promise<CaseFacts> {
      return withTenant(db, ref.tenantId, async (trx) => {
        const p = await requireRequest(trx, ref.prescriptionId, false);
        return {
          patientId: p.patientId,
          kind: p.kind,
          deaSchedule: p.medication.deaSchedule,
          verificationKeys: deps.verificationKeys,
          requestedByPatient: p.requestedBy.type === 'user' && p.requestedBy.role === 'patient',
        };
      });
    },

    /** Screens against the patient's current allergies and medications; findings are stored with the request. */
    async screenPrescriptionRequest(ref: CaseRef & { round: number }): Promise<ScreeningSummary> {
      const kb = await deps.knowledgeBase();
      return withTenant(db, ref.tenantId, async (trx) => {
        const p = await requireRequest(trx, ref.prescriptionId);
        const inputs = await screeningInputs(trx, { patientId: p.patientId, kind: p.kind, rxcui: p.medication.rxcui });
        const findings = screenDraft(kb, draftOf(p), inputs.allergies, inputs.activeMedicationRxcuis);
        await updatePrescription(trx, p.id, { findings, knowledgeBaseVersion: kb.info.version, status: 'screening' });
        const summary = findings.map((f) => ({ kind: f.kind, code: f.code, severity: f.severity }));
        await stepEvent(trx, ref, `screened:${ref.round}`, 'screened', { round: ref.round, knowledgeBaseVersion: kb.info.version, findings: summary });
        // The trail records that screening ran and how much it found; the findings themselves stay with the request.
        const counts = { findingCount: findings.length, highCount: findings.filter((f) => f.severity === 'high').length };
        await auditStep(trx, { ...ref, patientId: p.patientId }, 'prescription.screen', { round: ref.round, knowledgeBaseVersion: kb.info.version, ...counts });
        return {
          knowledgeBaseVersion: kb.info.version,
          findingCount: findings.length,
          highFindingCodes: findings.filter((f) => f.severity === 'high').map((f) => f.code),
        };
      });
    },

    /** Decides who decides: the signer (named prescriber or supervising physician) or the nurse pool under protocol. */
    async routePrescriptionRequest(ref: CaseRef & { round: number; forceSigner: boolean }): Promise<RoutingPlan> {
      return withTenant(db, ref.tenantId, async (trx) => {
        const p = await requireRequest(trx, ref.prescriptionId);
        const settings = await effectiveSettings(trx, deps.settings);
        const prescriber = await practitionerFacts(trx, p.prescriberId);
        if (!prescriber) throw invalidRequest('prescriber-not-found');
        const supervisor = prescriber.supervisingPractitionerId ? ((await practitionerFacts(trx, prescriber.supervisingPractitionerId)) ?? null) : null;
        const requester = p.requestedBy.type === 'user' ? await userPractice(trx, p.requestedBy.id) : undefined;
        const decision = decideRouting({
          kind: p.kind,
          origin: p.origin,
          requesterPractitionerId: requester?.practitionerId ?? null,
          prescriber,
          supervisor,
          rxcui: p.medication.rxcui,
          deaSchedule: p.medication.deaSchedule,
          findingSeverities: p.findings.map((f) => f.severity),
          protocol: ref.forceSigner ? { enabled: false, rxcuis: [] } : { enabled: settings.protocolEnabled, rxcuis: settings.protocolRxcuis },
        });
        const audited = { ...ref, patientId: p.patientId };
        if (decision.route === 'unroutable') {
          await stepEvent(trx, ref, `routed:${ref.round}`, 'unroutable', { round: ref.round, reason: decision.reason });
          await auditStep(trx, audited, 'prescription.route', { round: ref.round, route: 'unroutable', reason: decision.reason });
          return { route: 'unroutable', reason: decision.reason, selfSignEligible: false };
        }
        const timing = {
          remindAfterSeconds: settings.remindAfterSeconds,
          escalateAfterSeconds: settings.escalateAfterSeconds,
          expireAfterSeconds: p.kind === 'refill' ? settings.refillExpirySeconds : settings.newRequestExpirySeconds,
        };
        let plan: RoutingPlan;
        if (decision.route === 'protocol') {
          const nursePool = await getOrCreatePool(trx, ref.tenantId, settings.protocolDepartmentId, 'nurse');
          const physicianPool = await getOrCreatePool(trx, ref.tenantId, settings.protocolDepartmentId, 'physician');
          const escalateTo = escalationTargets('protocol', { physicianPoolId: physicianPool.id, departmentId: settings.protocolDepartmentId, prescriberUserId: prescriber.userId });
          plan = { route: 'protocol', assignee: { poolId: nursePool.id }, category: 'nursing', escalateTo, selfSignEligible: false, ...timing };
          await updatePrescription(trx, p.id, { status: 'awaiting-decision', routing: { round: ref.round, route: 'protocol', poolId: nursePool.id } });
        } else {
          const departmentId = (await userPractice(trx, decision.signerUserId))?.departmentId ?? null;
          const physicianPool = await getOrCreatePool(trx, ref.tenantId, departmentId, 'physician');
          const escalateTo = escalationTargets('signer', { physicianPoolId: physicianPool.id, departmentId, prescriberUserId: null });
          plan = { route: 'signer', assignee: { practitionerId: decision.signerPractitionerId }, category: 'sign-off', escalateTo, selfSignEligible: decision.selfSignEligible, ...timing };
          await updatePrescription(trx, p.id, {
            status: 'awaiting-decision',
            signerUserId: decision.signerUserId,
            routing: { round: ref.round, route: 'signer', via: decision.via, signerPractitionerId: decision.signerPractitionerId },
          });
        }
        await stepEvent(trx, ref, `routed:${ref.round}`, 'routed', { round: ref.round, route: plan.route, assignee: plan.assignee });
        await auditStep(trx, audited, 'prescription.route', { round: ref.round, route: plan.route, assignee: plan.assignee });
        return plan;
      });
    },
  };
}
