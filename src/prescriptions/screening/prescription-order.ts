/**
 * The order a prescriber signs: the clinically and legally relevant fields of one prescription.
 * The signed-content digest and the FHIR MedicationRequest are both derived from it, so what is
 * signed and what is transmitted cannot drift apart.
 */
import { z } from 'zod';
import { DEA_SCHEDULES, ROUTES } from '../knowledge-base/index.js';

export const ORDER_UNITS = ['mg', 'mcg', 'g', 'mL', 'tablet', 'capsule'] as const;
export type OrderUnit = (typeof ORDER_UNITS)[number];

/** FHIR id syntax, so every id can be used in a reference as-is. */
const fhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id (letters, digits, "-" and ".", at most 64)');
const quantity = z.strictObject({ value: z.number().positive().finite(), unit: z.enum(ORDER_UNITS) });

export const prescriptionOrderSchema = z
  .strictObject({
    prescriptionId: fhirId,
    tenantId: z.string().min(1),
    patientId: fhirId,
    prescriberId: fhirId,
    /** The patient's chosen pharmacy (a FHIR Organization id); not part of the signed content. */
    pharmacyId: fhirId.optional(),
    /** Date of issuance, ISO 8601 with offset. */
    authoredOn: z.iso.datetime({ offset: true }),
    medication: z.strictObject({ rxcui: z.string().regex(/^\d{1,8}$/), display: z.string().trim().min(1) }),
    deaSchedule: z.enum(DEA_SCHEDULES).nullable(),
    /** Directions as the patient reads them ("Take 1 tablet by mouth twice daily"). */
    sig: z.string().trim().min(1).max(1000),
    dose: quantity.optional(),
    route: z.enum(ROUTES).optional(),
    timing: z
      .strictObject({
        frequency: z.number().int().positive(),
        period: z.number().positive().finite(),
        periodUnit: z.enum(['h', 'd', 'wk']),
      })
      .optional(),
    asNeeded: z.boolean().optional(),
    dispense: z.strictObject({
      quantity,
      refills: z.number().int().min(0).max(99),
      daysSupply: z.number().int().min(1).max(365),
    }),
    substitutionAllowed: z.boolean(),
    noteToPharmacist: z.string().trim().min(1).max(1000).optional(),
  })
  // Federal refill limits for controlled substances: none for Schedule II (21 CFR 1306.12(a)),
  // at most five for Schedules III and IV (21 CFR 1306.22(a)).
  .refine((o) => o.deaSchedule !== 'II' || o.dispense.refills === 0, {
    message: 'Schedule II prescriptions cannot have refills',
    path: ['dispense', 'refills'],
  })
  .refine((o) => (o.deaSchedule !== 'III' && o.deaSchedule !== 'IV') || o.dispense.refills <= 5, {
    message: 'Schedule III and IV prescriptions allow at most 5 refills',
    path: ['dispense', 'refills'],
  });

export type PrescriptionOrder = z.infer<typeof prescriptionOrderSchema>;
