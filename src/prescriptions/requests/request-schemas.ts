/**
 * The shapes of prescription requests and decisions, validated at the API and again by the
 * activities (a decision may reach the workflow through the generic task inbox). Plain zod: the
 * API's OpenAPI registry documents them as they are.
 */
import { z } from 'zod';
import { ROUTES } from '../knowledge-base/index.js';
import { ORDER_UNITS } from '../screening/index.js';

const quantity = z.strictObject({ value: z.number().positive().finite(), unit: z.enum(ORDER_UNITS) });
const timing = z.strictObject({
  frequency: z.number().int().positive().max(48),
  period: z.number().positive().finite().max(365),
  periodUnit: z.enum(['h', 'd', 'wk']),
});
const text = (max: number) => z.string().trim().min(1).max(max);

export const prescriptionFieldsSchema = z.strictObject({
  /** Strength of one unit (e.g. 10 mg tablets), so a dose in tablets can be checked in milligrams. */
  strength: quantity.nullable().optional(),
  dose: quantity.nullable().optional(),
  route: z.enum(ROUTES).nullable().optional(),
  timing: timing.nullable().optional(),
  asNeeded: z.boolean().nullable().optional(),
  /** Directions as the patient reads them. */
  sig: text(1000),
  quantity,
  refills: z.number().int().min(0).max(99),
  daysSupply: z.number().int().min(1).max(365),
  substitutionAllowed: z.boolean().optional(),
  noteToPharmacist: text(1000).nullable().optional(),
});

export const prescriptionCreateSchema = prescriptionFieldsSchema.extend({
  substitutionAllowed: z.boolean().default(true),
  patientId: z.uuid(),
  rxcui: z.string().regex(/^\d{1,8}$/, 'must be an RxNorm concept id (digits)'),
  indication: text(500).optional(),
  /** The prescriber to prescribe as (a practitioner of the tenant). */
  prescriberId: z.uuid(),
  /** Defaults to the patient's preferred pharmacy. */
  pharmacyId: z.uuid().optional(),
  /** A physician's own request for a non-controlled drug without a high finding: sign it in the same action. */
  sign: z.boolean().default(false),
});

/** What a signer may change when modifying before signing (not the drug, patient or prescriber). */
export const prescriptionChangesSchema = prescriptionFieldsSchema
  .partial()
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'must change at least one field');

export const overridesSchema = z.array(z.strictObject({ code: z.string().min(1).max(200), reason: text(1000) })).max(50);

export const refillRequestSchema = z.strictObject({
  /** The earlier prescription to refill. */
  prescriptionId: z.uuid(),
});

export type PrescriptionCreateInput = z.infer<typeof prescriptionCreateSchema>;
export type PrescriptionChangesInput = z.infer<typeof prescriptionChangesSchema>;
export type RefillRequestInput = z.infer<typeof refillRequestSchema>;
