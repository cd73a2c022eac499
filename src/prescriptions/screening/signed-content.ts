/**
 * What a prescriber's signature covers: the order's clinical and legal fields, the knowledge-base
 * version it was screened against and the override reasons given for high findings. Routing
 * details (the pharmacy) and workflow state are left out, so they can change without breaking
 * the signature. The signing step stores the digest; any later change to a covered field changes it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';
import { prescriptionOrderSchema, type PrescriptionOrder } from './prescription-order.js';

export const SIGNED_CONTENT_VERSION = 1;

export const findingOverrideSchema = z.strictObject({
  /** The finding's stable code, e.g. DDI:opioid-benzodiazepine. */
  code: z.string().min(1),
  reason: z.string().trim().min(1).max(1000),
});
export type FindingOverride = z.infer<typeof findingOverrideSchema>;

export interface ScreeningAttestation {
  knowledgeBaseVersion: string;
  overrides: readonly FindingOverride[];
}

export interface SignedPrescriptionContent {
  contentVersion: typeof SIGNED_CONTENT_VERSION;
  order: Omit<PrescriptionOrder, 'pharmacyId'>;
  screening: { knowledgeBaseVersion: string; overrides: FindingOverride[] };
}

/**
 * Builds the content to sign. The order is re-validated so that an invalid order, or one carrying
 * fields outside the schema, can never be signed (strict parsing rejects the extras).
 */
export function signedContent(order: PrescriptionOrder, screening: ScreeningAttestation): SignedPrescriptionContent {
  const { pharmacyId: _routingOnly, ...signed } = prescriptionOrderSchema.parse(order);
  // Overrides are a set: the order they were entered in must not change the digest.
  const overrides = z
    .array(findingOverrideSchema)
    .parse(screening.overrides)
    .sort((a, b) => a.code.localeCompare(b.code) || a.reason.localeCompare(b.reason));
  return {
    contentVersion: SIGNED_CONTENT_VERSION,
    order: signed,
    screening: { knowledgeBaseVersion: screening.knowledgeBaseVersion, overrides },
  };
}

/** The exact bytes that are hashed (and may be shown to the signer). */
export function canonicalSignedContent(content: SignedPrescriptionContent): string {
  return canonicalJson(content);
}

/** SHA-256 over the canonical JSON, lower-case hex. */
export function signedContentDigest(content: SignedPrescriptionContent): string {
  return createHash('sha256').update(canonicalSignedContent(content), 'utf8').digest('hex');
}
