/**
 * What screening takes and returns. The request schema is exported so the API can validate a
 * prescription draft with the same definition the engine relies on.
 */
import { z } from 'zod';
import { ROUTES, SEVERITIES, type Severity } from '../knowledge-base/index.js';

export const FINDING_KINDS = [
  'drug-allergy',
  'allergy-class-cross-reactivity',
  'drug-drug-interaction',
  'duplicate-therapy',
  'dose-range',
  'unknown-drug',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** Stable machine code, e.g. ALLERGY_CROSS_REACTIVITY or DDI:opioid-benzodiazepine. */
  code: string;
  /** Human explanation for the prescriber; drug names only, never patient identifiers. */
  message: string;
  /** RxCUIs involved, the prescribed drug first. */
  involved: string[];
  /** Where the rule comes from (label section, guideline), when the knowledge base gives one. */
  reference?: string;
}

const rxcui = z.string().regex(/^\d{1,8}$/);

export const screeningRequestSchema = z.object({
  medication: z
    .object({
      rxcui,
      /** Milligrams per dose; for a combination product, of its dose-basis ingredient. */
      doseMg: z.number().positive().finite().optional(),
      dosesPerDay: z.number().positive().finite().optional(),
      /** For regimens not given every day (e.g. weekly methotrexate). */
      dosesPerWeek: z.number().positive().finite().optional(),
      route: z.enum(ROUTES).optional(),
    })
    .refine((m) => m.dosesPerDay === undefined || m.dosesPerWeek === undefined, {
      message: 'give dosesPerDay or dosesPerWeek, not both',
    }),
  allergies: z.array(
    z.object({
      /** An RxCUI, a therapeutic class or allergy group id, or free text ("sulfa", "Coumadin"). */
      substance: z.string().trim().min(1),
      reaction: z.string().optional(),
      severity: z.enum(['mild', 'moderate', 'severe']).optional(),
    }),
  ),
  activeMedications: z.array(z.object({ rxcui })),
});

export type ScreeningRequest = z.infer<typeof screeningRequestSchema>;
export type PrescribedMedication = ScreeningRequest['medication'];
export type AllergyEntry = ScreeningRequest['allergies'][number];

export const SEVERITY_ORDER: readonly Severity[] = SEVERITIES;
