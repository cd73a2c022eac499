/**
 * Who may decide a prescription task, and with what: the rules the workflow's update validator
 * applies (and the API applies first, to answer early). Pure and deterministic for a given clock,
 * so it runs inside the workflow sandbox.
 *
 * - A nurse may prepare but never sign (the signature task's category admits physicians only; the
 *   assertion must say the signer is a licensed prescriber needing no supervising signature).
 * - A controlled drug needs a DEA registration on record and a TOTP code verified in the signing
 *   request itself (21 CFR 1311): both are claims of the API-signed assertion.
 * - A high-severity finding is approved only with an explicit override reason.
 */
import {
  type DeaScheduleCode,
  type FindingOverrideInput,
  type PrescriptionDecisionPayload,
  type PrescriptionRejectionReason,
} from '../../workflows/shared/prescription.js';
import { type AssertionVerificationKeys, type SigningAssertionClaims, verifySigningAssertion } from '../epcs/signing-assertion.js';

export interface DecisionFacts {
  tenantId: string;
  prescriptionId: string;
  taskKind: 'signature' | 'protocol' | 'transmission';
  deaSchedule: DeaScheduleCode | null;
  /** Codes of the current high-severity findings. */
  highFindingCodes: readonly string[];
  verificationKeys: AssertionVerificationKeys;
}

export interface DecisionAttempt {
  actor: { type: string; id: string; role: string };
  outcome: string;
  note?: string;
  payload?: PrescriptionDecisionPayload;
}

export interface DecisionRejection {
  kind: 'forbidden' | 'invalid';
  reason: PrescriptionRejectionReason;
}

const forbidden = (reason: PrescriptionRejectionReason): DecisionRejection => ({ kind: 'forbidden', reason });
const invalid = (reason: PrescriptionRejectionReason): DecisionRejection => ({ kind: 'invalid', reason });

/** Override codes that carry a non-blank reason. */
export function overriddenCodes(overrides: readonly FindingOverrideInput[] | undefined): Set<string> {
  return new Set((overrides ?? []).filter((o) => typeof o?.reason === 'string' && o.reason.trim().length > 0).map((o) => o.code));
}

/** High findings no override reason covers. */
export function uncoveredHighFindings(highFindingCodes: readonly string[], overrides: readonly FindingOverrideInput[] | undefined): string[] {
  const covered = overriddenCodes(overrides);
  return highFindingCodes.filter((code) => !covered.has(code));
}

/** Checks the signing assertion against this case and this signer; returns its claims when it holds. */
export function checkSigningAssertion(
  facts: DecisionFacts,
  attempt: DecisionAttempt,
  nowMs: number,
): { ok: true; claims: SigningAssertionClaims } | { ok: false; rejection: DecisionRejection } {
  const payload = attempt.payload ?? {};
  if (typeof payload.assertion !== 'string' || typeof payload.authoredOn !== 'string') {
    return { ok: false, rejection: forbidden('signing-assertion-required') };
  }
  const verified = verifySigningAssertion(payload.assertion, facts.verificationKeys, nowMs);
  if (!verified.ok) return { ok: false, rejection: forbidden('signing-assertion-invalid') };
  const { claims } = verified;
  const bound =
    claims.tenantId === facts.tenantId &&
    claims.prescriptionId === facts.prescriptionId &&
    attempt.actor.type === 'user' &&
    claims.userId === attempt.actor.id &&
    claims.deaSchedule === facts.deaSchedule;
  if (!bound) return { ok: false, rejection: forbidden('signing-assertion-mismatch') };
  if (!claims.prescriber) return { ok: false, rejection: forbidden('not-a-prescriber') };
  if (facts.deaSchedule !== null) {
    if (!claims.deaRegistered) return { ok: false, rejection: forbidden('dea-registration-required') };
    if (!claims.factors.includes('otp')) return { ok: false, rejection: forbidden('second-factor-required') };
  }
  return { ok: true, claims };
}

export function prescriptionDecisionRejection(facts: DecisionFacts, attempt: DecisionAttempt, nowMs: number): DecisionRejection | undefined {
  const payload = attempt.payload ?? {};
  switch (facts.taskKind) {
    case 'transmission':
      if (attempt.outcome === 'change-pharmacy' && typeof payload.pharmacyId !== 'string') return invalid('pharmacy-required');
      return undefined;
    case 'protocol':
      return undefined;
    case 'signature': {
      if (attempt.outcome === 'deny') return attempt.note?.trim() ? undefined : invalid('deny-reason-required');
      const signing = checkSigningAssertion(facts, attempt, nowMs);
      if (!signing.ok) return signing.rejection;
      if (attempt.outcome === 'modify') {
        const changes = payload.changes;
        return changes && Object.keys(changes).length > 0 ? undefined : invalid('changes-required');
      }
      return uncoveredHighFindings(facts.highFindingCodes, payload.overrides).length > 0 ? invalid('override-reason-required') : undefined;
    }
  }
}
