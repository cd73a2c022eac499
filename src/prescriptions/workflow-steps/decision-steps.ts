import { type Knex } from 'knex';
import { fn } from 'objection';
import { withTenant } from '../../db/tenant-scope.js';
import { screeningInputs } from '../clinical-data/screening-inputs.js';
import { prepareSignature } from '../decision/prepare-signature.js';
import { verifySigningAssertion } from '../epcs/signing-assertion.js';
import { PrescriptionSignature } from '../requests/prescription-history-model.js';
import { draftFields, type PrescriptionRecord } from '../requests/prescription-record.js';
import { updatePrescription } from '../requests/prescription-repository.js';
import { overridesSchema, prescriptionChangesSchema } from '../requests/request-schemas.js';
import { maySignAlone } from '../routing/decide-routing.js';
import { practitionerFacts } from '../routing/practitioner-facts.js';
import { type DecisionRef, type SignOutcome } from './contract.js';
import { auditStep, noticeToRequester, type PrescriptionStepDeps, requireRequest, stepEvent } from './step-support.js';

type Refusal = Extract<SignOutcome, { status: 'refused' }>;
type Attempt = { status: 'signed'; contentDigest: string } | { refusal: Refusal; p: PrescriptionRecord };
type Signer = { prescriberId: string; assertionId: string | null; expectedDigest: string | null } | Refusal;

const byActor = (d: DecisionRef) => ({ type: d.actor.type, id: d.actor.id });

/**
 * Who the signature is for. A prescriber's assertion is verified again (the validator accepted it in
 * time) and the signer's rights are re-read from the database; a protocol approval signs for the
 * prescriber of record and only a routine, non-controlled refill without findings.
 */
async function resolveSigner(trx: Knex.Transaction, deps: PrescriptionStepDeps, p: PrescriptionRecord, d: DecisionRef & { method: 'prescriber' | 'protocol' }): Promise<Signer> {
  if (d.method === 'protocol') {
    const routine = p.kind === 'refill' && p.medication.deaSchedule === null && p.findings.length === 0 && d.outcome === 'approve';
    return routine ? { prescriberId: p.prescriberId, assertionId: null, expectedDigest: null } : { status: 'refused', reason: 'protocol-not-applicable' };
  }
  const verified = verifySigningAssertion(d.payload?.assertion ?? '', deps.verificationKeys, null);
  if (!verified.ok || verified.claims.userId !== d.actor.id || verified.claims.prescriptionId !== p.id) return { status: 'refused', reason: 'signing-assertion-invalid' };
  const facts = await practitionerFacts(trx, verified.claims.practitionerId);
  const authorized = facts && facts.userId === d.actor.id && maySignAlone(facts) && (p.medication.deaSchedule === null || facts.deaRegistered);
  if (!authorized) return { status: 'refused', reason: 'signer-not-authorized' };
  return { prescriberId: facts.id, assertionId: verified.claims.jti, expectedDigest: verified.claims.contentDigest };
}

/** Approving, modifying, denying and referring: the decisions a task brings back. */
export function createDecisionSteps(deps: PrescriptionStepDeps) {
  const { db } = deps;
  const refuse = async (trx: Knex.Transaction, p: PrescriptionRecord, d: DecisionRef, refusal: Refusal): Promise<Refusal> => {
    await stepEvent(trx, d, `refused:${d.round}:${d.taskId}`, 'decision-refused', { round: d.round, outcome: d.outcome, ...refusal }, byActor(d));
    await auditStep(trx, { ...d, patientId: p.patientId }, 'prescription.sign', { round: d.round, reason: refusal.reason, signerUserId: d.actor.id }, 'denied');
    return refusal;
  };

  return {
    async signPrescription(d: DecisionRef & { method: 'prescriber' | 'protocol' }): Promise<SignOutcome> {
      const kb = await deps.knowledgeBase();
      // A refusal is committed on its own; a signature commits with everything it changes.
      const attempt = await withTenant<Attempt>(db, d.tenantId, async (trx) => {
        const p = await requireRequest(trx, d.prescriptionId);
        const existing = await PrescriptionSignature.query(trx).select('content_digest').where('prescription_id', p.id).first();
        if (existing) return { status: 'signed' as const, contentDigest: existing.contentDigest };
        const changes = d.outcome === 'modify' ? prescriptionChangesSchema.safeParse(d.payload?.changes) : undefined;
        const overrides = overridesSchema.safeParse(d.payload?.overrides ?? []);
        if (changes?.success === false || !overrides.success) return { refusal: { status: 'refused' as const, reason: 'invalid-changes' }, p };
        const signer = await resolveSigner(trx, deps, p, d);
        if ('status' in signer) return { refusal: signer, p };
        let prepared;
        try {
          prepared = prepareSignature(p, {
            kb,
            ...(await screeningInputs(trx, { patientId: p.patientId, kind: p.kind, rxcui: p.medication.rxcui })),
            ...(changes?.success && { changes: changes.data }),
            overrides: overrides.data,
            authoredOn: d.payload?.authoredOn ?? new Date().toISOString(),
            prescriberId: signer.prescriberId,
          });
        } catch {
          return { refusal: { status: 'refused' as const, reason: 'invalid-order' }, p };
        }
        if (prepared.uncovered.length > 0) return { refusal: { status: 'refused' as const, reason: 'override-reason-required', uncoveredFindings: prepared.uncovered }, p };
        if (signer.expectedDigest !== null && signer.expectedDigest !== prepared.contentDigest) return { refusal: { status: 'refused' as const, reason: 'signed-content-changed' }, p };

        const method = d.method === 'protocol' ? 'protocol' : p.medication.deaSchedule ? 'epcs-two-factor' : 'prescriber';
        await PrescriptionSignature.query(trx).insert({
          tenantId: d.tenantId,
          prescriptionId: p.id,
          method,
          signerUserId: d.actor.id,
          prescriberId: signer.prescriberId,
          deaSchedule: p.medication.deaSchedule,
          assertionId: signer.assertionId,
          content: prepared.content,
          contentDigest: prepared.contentDigest,
        });
        await updatePrescription(trx, p.id, {
          ...(changes?.success && draftFields(prepared.draft)),
          findings: prepared.findings,
          knowledgeBaseVersion: prepared.knowledgeBaseVersion,
          overrides: prepared.content.screening.overrides,
          status: 'signed',
          signerUserId: d.actor.id,
          decision: { outcome: 'approved', decidedAt: fn.now() },
          authoredOn: prepared.content.order.authoredOn,
        });
        if (changes?.success) {
          await stepEvent(trx, d, `modified:${d.round}`, 'modified', { round: d.round, fields: Object.keys(changes.data), findings: prepared.findings.map((f) => ({ code: f.code, severity: f.severity })) }, byActor(d));
        }
        const overridden = prepared.content.screening.overrides.map((o) => o.code);
        const details = { round: d.round, method, contentDigest: prepared.contentDigest };
        await stepEvent(trx, d, 'signed', 'signed', { ...details, overrides: overridden }, byActor(d));
        await auditStep(trx, { ...d, patientId: p.patientId }, 'prescription.sign', { ...details, overrideCount: overridden.length, signerUserId: d.actor.id });
        return { status: 'signed' as const, contentDigest: prepared.contentDigest };
      });
      if ('refusal' in attempt) return withTenant(db, d.tenantId, (trx) => refuse(trx, attempt.p, d, attempt.refusal));
      return attempt;
    },

    async denyPrescription(d: DecisionRef): Promise<void> {
      await withTenant(db, d.tenantId, async (trx) => {
        const p = await requireRequest(trx, d.prescriptionId);
        if (p.status === 'denied') return;
        const reason = d.note?.trim() ?? null;
        await updatePrescription(trx, p.id, { status: 'denied', decision: { outcome: 'denied', reason, decidedAt: fn.now() }, signerUserId: d.actor.id });
        await noticeToRequester(trx, p, 'denied', reason);
        await stepEvent(trx, d, 'denied', 'denied', { round: d.round }, byActor(d));
        await auditStep(trx, { ...d, patientId: p.patientId }, 'prescription.deny', { round: d.round, deniedBy: d.actor.id });
      });
    },

    async recordReferral(d: DecisionRef): Promise<void> {
      await withTenant(db, d.tenantId, async (trx) => {
        const p = await requireRequest(trx, d.prescriptionId);
        await stepEvent(trx, d, `referred:${d.round}`, 'referred-to-prescriber', { round: d.round }, byActor(d));
        await auditStep(trx, { ...d, patientId: p.patientId }, 'prescription.refer', { round: d.round, referredBy: d.actor.id });
      });
    },

    async recordRefusedDecision(d: DecisionRef & { reason: string }): Promise<void> {
      await withTenant(db, d.tenantId, async (trx) => {
        const p = await requireRequest(trx, d.prescriptionId, false);
        await refuse(trx, p, d, { status: 'refused', reason: d.reason });
      });
    },
  };
}
