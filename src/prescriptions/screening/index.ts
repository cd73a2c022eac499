export { screenPrescription, requiresOverride } from './screen-prescription.js';
export { resolveAllergen, type Allergen } from './allergy-rules.js';
export {
  FINDING_KINDS,
  screeningRequestSchema,
  type AllergyEntry,
  type Finding,
  type FindingKind,
  type PrescribedMedication,
  type ScreeningRequest,
} from './types.js';
export { ORDER_UNITS, prescriptionOrderSchema, type OrderUnit, type PrescriptionOrder } from './prescription-order.js';
export { canonicalJson, CanonicalJsonError } from './canonical-json.js';
export {
  SIGNED_CONTENT_VERSION,
  canonicalSignedContent,
  findingOverrideSchema,
  signedContent,
  signedContentDigest,
  type FindingOverride,
  type ScreeningAttestation,
  type SignedPrescriptionContent,
} from './signed-content.js';
