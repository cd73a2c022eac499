/**
 * What a signature covers, computed the same way by the API (to bind its signing assertion to a
 * digest, and to refuse early) and by the signing activity (authoritatively): the order with any
 * modification applied, the findings it was screened with (re-screened when modified), the override
 * reasons, and the digest of the signed content.
 */
import { type DrugKnowledgeBase } from '../knowledge-base/index.js';
import {
  type AllergyEntry,
  type Finding,
  type FindingOverride,
  screenPrescription,
  signedContent,
  signedContentDigest,
  type SignedPrescriptionContent,
} from '../screening/index.js';
import { draftOf, type PrescriptionRecord } from '../requests/prescription-record.js';
import { medicationDisplay, type PrescriptionDraft, screenedMedication, toOrder } from '../requests/order-model.js';
import { type PrescriptionChangesInput } from '../requests/request-schemas.js';
import { uncoveredHighFindings } from './decision-rules.js';

export interface SignatureContext {
  kb: DrugKnowledgeBase;
  /** Needed to re-screen a modification. */
  allergies: AllergyEntry[];
  activeMedicationRxcuis: string[];
  changes?: PrescriptionChangesInput;
  overrides: FindingOverride[];
  authoredOn: string;
  /** The prescriber of record the order names. */
  prescriberId: string;
}

export interface PreparedSignature {
  draft: PrescriptionDraft;
  findings: Finding[];
  knowledgeBaseVersion: string;
  /** High findings without an override reason: signing must not go ahead while any remain. */
  uncovered: string[];
  content: SignedPrescriptionContent;
  contentDigest: string;
}

export function applyChanges(kb: DrugKnowledgeBase, draft: PrescriptionDraft, changes: PrescriptionChangesInput): PrescriptionDraft {
  const next: PrescriptionDraft = { ...draft };
  for (const [field, value] of Object.entries(changes)) {
    if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = value;
  }
  const name = kb.drug(draft.rxcui)?.name;
  if (changes.strength !== undefined && name) next.medicationDisplay = medicationDisplay(name, next.strength);
  return next;
}

/** Screens a draft against the patient's allergies and active medications. */
export function screenDraft(kb: DrugKnowledgeBase, draft: PrescriptionDraft, allergies: AllergyEntry[], activeMedicationRxcuis: string[]): Finding[] {
  return screenPrescription(kb, { medication: screenedMedication(draft), allergies, activeMedications: activeMedicationRxcuis.map((rxcui) => ({ rxcui })) });
}

/** Throws (zod) when the resulting order is not signable, e.g. refills on a Schedule II drug. */
export function prepareSignature(record: PrescriptionRecord, ctx: SignatureContext): PreparedSignature {
  const modified = ctx.changes !== undefined;
  const draft = modified ? applyChanges(ctx.kb, draftOf(record), ctx.changes!) : draftOf(record);
  const findings = modified ? screenDraft(ctx.kb, draft, ctx.allergies, ctx.activeMedicationRxcuis) : record.findings;
  const knowledgeBaseVersion = modified ? ctx.kb.info.version : (record.knowledgeBaseVersion ?? ctx.kb.info.version);
  const highCodes = findings.filter((f) => f.severity === 'high').map((f) => f.code);
  const overrides = ctx.overrides.filter((o) => highCodes.includes(o.code));
  const order = toOrder(draft, {
    prescriptionId: record.id,
    tenantId: record.tenantId,
    patientId: record.patientId,
    prescriberId: ctx.prescriberId,
    pharmacyId: record.pharmacyId,
    authoredOn: ctx.authoredOn,
  });
  const content = signedContent(order, { knowledgeBaseVersion, overrides });
  return { draft, findings, knowledgeBaseVersion, uncovered: uncoveredHighFindings(highCodes, overrides), content, contentDigest: signedContentDigest(content) };
}
