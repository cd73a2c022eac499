import { z } from '../../api/openapi/registry.js';

const rxcui = z.string().regex(/^\d{1,8}$/, 'must be an RxNorm concept id (digits)');
const shortText = (max: number) => z.string().trim().min(1).max(max);

export const AllergyView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    patientId: z.uuid(),
    substance: z.string(),
    reaction: z.string().nullable(),
    severity: z.enum(['mild', 'moderate', 'severe']).nullable(),
    status: z.enum(['active', 'inactive', 'entered-in-error']),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PatientAllergy');

export const AllergyCreate = z.object({
  /** An RxCUI, a class or allergy group ("penicillins"), or a drug name as the patient reports it. */
  substance: shortText(200),
  reaction: shortText(500).optional(),
  severity: z.enum(['mild', 'moderate', 'severe']).optional(),
});

export const AllergyUpdate = z
  .object({
    reaction: shortText(500).nullable().optional(),
    severity: z.enum(['mild', 'moderate', 'severe']).nullable().optional(),
    status: z.enum(['active', 'inactive', 'entered-in-error']).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'must change at least one field');

export const MedicationView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    patientId: z.uuid(),
    rxcui: z.string(),
    display: z.string().nullable(),
    status: z.enum(['active', 'stopped', 'entered-in-error']),
    source: z.enum(['reported', 'prescription']),
    prescriptionId: z.uuid().nullable(),
    startedOn: z.string().nullable(),
    stoppedOn: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PatientMedication');

export const MedicationCreate = z.object({
  rxcui,
  display: shortText(200).optional(),
  startedOn: z.iso.date().optional(),
});

export const MedicationUpdate = z.object({
  status: z.enum(['active', 'stopped', 'entered-in-error']),
  stoppedOn: z.iso.date().optional(),
});

export const MedicationQuery = z.object({ status: z.enum(['active', 'stopped', 'entered-in-error']).optional() });

export const PharmacyView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    name: z.string(),
    ncpdpId: z.string().nullable(),
    npi: z.string().nullable(),
    phone: z.string().nullable(),
    addressLine: z.string().nullable(),
    city: z.string().nullable(),
    state: z.string().nullable(),
    postalCode: z.string().nullable(),
    transport: z.enum(['fhir', 'dev']),
    fhirEndpointUrl: z.string().nullable(),
    fhirTokenUrl: z.string().nullable(),
    fhirClientId: z.string().nullable(),
    fhirScope: z.string().nullable(),
    apiKeyId: z.uuid().nullable(),
    active: z.boolean(),
  })
  .openapi('Pharmacy');

const PharmacyFields = z.object({
  name: shortText(200),
  ncpdpId: z.string().regex(/^\d{7}$/, 'must be a 7-digit NCPDP ID').nullable().optional(),
  npi: z.string().regex(/^\d{10}$/, 'must be a 10-digit NPI').nullable().optional(),
  phone: z.string().max(40).nullable().optional(),
  addressLine: z.string().max(200).nullable().optional(),
  city: z.string().max(100).nullable().optional(),
  state: z.string().max(40).nullable().optional(),
  postalCode: z.string().max(20).nullable().optional(),
  transport: z.enum(['fhir', 'dev']),
  /** Base URL of the pharmacy's FHIR R4 endpoint; MedicationRequests are POSTed to `<url>/MedicationRequest`. */
  fhirEndpointUrl: z.url({ protocol: /^https?$/ }).nullable().optional(),
  /**
   * SMART Backend Services: the pharmacy's OAuth 2.0 token endpoint and the client ID it registered
   * SmartClinix under (our public key: GET /api/v1/pharmacy-client/jwks.json). Both or neither.
   */
  fhirTokenUrl: z.url({ protocol: /^https?$/ }).nullable().optional(),
  fhirClientId: z.string().min(1).max(200).nullable().optional(),
  /** Default `system/MedicationRequest.c`. */
  fhirScope: z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'must be space-separated OAuth scopes').max(200).nullable().optional(),
  /** The pharmacy's service account (an integration API key): it may submit refill requests. */
  apiKeyId: z.uuid().nullable().optional(),
});

const endpointForFhir = (v: { transport?: string; fhirEndpointUrl?: string | null }) => v.transport !== 'fhir' || Boolean(v.fhirEndpointUrl);
const authPaired = (v: { fhirTokenUrl?: string | null; fhirClientId?: string | null }) => Boolean(v.fhirTokenUrl) === Boolean(v.fhirClientId);
export const FHIR_AUTH_PAIR = 'fhirTokenUrl and fhirClientId go together: set both or neither';
export const PharmacyCreate = PharmacyFields.refine(endpointForFhir, { message: 'a fhir pharmacy needs fhirEndpointUrl', path: ['fhirEndpointUrl'] }).refine(authPaired, {
  message: FHIR_AUTH_PAIR,
  path: ['fhirClientId'],
});
export const PharmacyUpdate = PharmacyFields.partial()
  .extend({ active: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'must change at least one field');

export const PreferredPharmacyView = z.object({ patientId: z.uuid(), pharmacyId: z.uuid().nullable(), updatedAt: z.string().nullable() });
export const PreferredPharmacySet = z.object({ pharmacyId: z.uuid() });

export const SettingsView = z
  .object({
    protocolEnabled: z.boolean(),
    protocolRxcuis: z.array(z.string()),
    protocolDepartmentId: z.uuid().nullable(),
    remindAfterSeconds: z.number().int(),
    escalateAfterSeconds: z.number().int(),
    newRequestExpirySeconds: z.number().int(),
    refillExpirySeconds: z.number().int(),
  })
  .openapi('PrescriptionSettings');

const seconds = z.number().int().min(1).max(30 * 86_400).nullable().optional();
export const SettingsUpdate = z.object({
  protocolEnabled: z.boolean().optional(),
  protocolRxcuis: z.array(rxcui).max(500).optional(),
  protocolDepartmentId: z.uuid().nullable().optional(),
  /** null restores the deployment default. */
  remindAfterSeconds: seconds,
  escalateAfterSeconds: seconds,
  newRequestExpirySeconds: seconds,
  refillExpirySeconds: seconds,
});

export const PatientParams = z.object({ id: z.uuid() });
export const PatientItemParams = z.object({ id: z.uuid(), itemId: z.uuid() });

export type AllergyCreateInput = z.infer<typeof AllergyCreate>;
export type AllergyUpdateInput = z.infer<typeof AllergyUpdate>;
export type MedicationCreateInput = z.infer<typeof MedicationCreate>;
export type MedicationUpdateInput = z.infer<typeof MedicationUpdate>;
export type PharmacyCreateInput = z.infer<typeof PharmacyCreate>;
export type PharmacyUpdateInput = z.infer<typeof PharmacyUpdate>;
export type SettingsUpdateInput = z.infer<typeof SettingsUpdate>;
