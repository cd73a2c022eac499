import { verifySecondFactor } from '../../auth/second-factor.js';
import { type Actor } from '../../authz/actor.js';
import { withTenant } from '../../db/tenant-scope.js';
import { type PrescriptionDecisionPayload } from '../../workflows/shared/prescription.js';
import { screeningInputs } from '../clinical-data/screening-inputs.js';
import { prepareSignature, type PreparedSignature } from '../decision/prepare-signature.js';
import { type PrescriptionServices } from '../prescription-services.js';
import { type PrescriptionRecord } from '../requests/prescription-record.js';
import { type PrescriptionChangesInput } from '../requests/request-schemas.js';
import { maySignAlone } from '../routing/decide-routing.js';
import { practitionerFacts } from '../routing/practitioner-facts.js';
import { decisionRefused } from './decision-errors.js';

export interface SigningRequest {
  totpCode?: string;
  overrides?: { code: string; reason: string }[];
  changes?: PrescriptionChangesInput;
}

/**
 * Prepares a prescriber's signature in the API: the signer's rights and DEA registration are read
 * from the database, the content is computed (a modification re-screened) and its high findings
 * checked for override reasons, and for a controlled drug the TOTP code typed in this request is
 * verified against the signer's enrolled secret and consumed (EPCS, 21 CFR 1311: not the login MFA).
 * The result is a short-lived signed assertion bound to the content digest, which the workflow's
 * validator verifies. The code is checked last, so a refused request does not burn it.
 */
export async function signingPayload(services: PrescriptionServices, actor: Actor, record: PrescriptionRecord, request: SigningRequest): Promise<{ payload: PrescriptionDecisionPayload; prepared: PreparedSignature }> {
  const audit = { entityId: record.id, patientId: record.patientId };
  const { db, config } = services;
  const kb = await services.knowledgeBase();
  const { signer, inputs } = await withTenant(db, actor.tenantId, async (trx) => ({
    signer: actor.practitionerId ? await practitionerFacts(trx, actor.practitionerId) : undefined,
    inputs: await screeningInputs(trx, { patientId: record.patientId, kind: record.kind, rxcui: record.medication.rxcui }),
  }));
  if (!signer || signer.userId !== actor.id || !maySignAlone(signer)) throw decisionRefused('not-a-prescriber', audit);
  const controlled = record.medication.deaSchedule !== null;
  if (controlled && !signer.deaRegistered) throw decisionRefused('dea-registration-required', audit);
  if (controlled && !request.totpCode) throw decisionRefused('second-factor-required', audit);

  const authoredOn = new Date().toISOString();
  let prepared: PreparedSignature;
  try {
    prepared = prepareSignature(record, { kb, ...inputs, ...(request.changes && { changes: request.changes }), overrides: request.overrides ?? [], authoredOn, prescriberId: signer.id });
  } catch {
    throw decisionRefused('invalid-order', audit);
  }
  if (prepared.uncovered.length > 0) {
    const uncovered = prepared.findings.filter((f) => prepared.uncovered.includes(f.code)).map((f) => ({ code: f.code, severity: f.severity, message: f.message }));
    throw decisionRefused('override-reason-required', audit, { uncoveredFindings: uncovered });
  }
  if (controlled) {
    const verified = await withTenant(db, actor.tenantId, (trx) => verifySecondFactor(trx, config, actor.id, request.totpCode!));
    if (!verified) throw decisionRefused('invalid-second-factor', audit);
  }
  const { token } = services.issuer.issue({
    tenantId: actor.tenantId,
    prescriptionId: record.id,
    userId: actor.id,
    practitionerId: signer.id,
    prescriber: true,
    deaRegistered: signer.deaRegistered,
    factors: controlled ? ['otp'] : [],
    deaSchedule: record.medication.deaSchedule,
    contentDigest: prepared.contentDigest,
  });
  return { payload: { assertion: token, authoredOn, overrides: request.overrides ?? [], ...(request.changes && { changes: request.changes }) }, prepared };
}
