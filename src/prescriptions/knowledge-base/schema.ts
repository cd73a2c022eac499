/**
 * The on-disk shape of a drug knowledge base (documented for converters in
 * data/drug-knowledge-base/FORMAT.md). Objects are strict so a misspelt field in a converted
 * licensed KB fails loudly at startup instead of silently disabling a safety check.
 */
import { z } from 'zod';

export const SEVERITIES = ['high', 'moderate', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const DEA_SCHEDULES = ['II', 'III', 'IV', 'V'] as const;
export type DeaSchedule = (typeof DEA_SCHEDULES)[number];

export const ROUTES = [
  'oral',
  'sublingual',
  'buccal',
  'rectal',
  'topical',
  'transdermal',
  'intravenous',
  'intramuscular',
  'subcutaneous',
  'inhalation',
  'nasal',
  'ophthalmic',
  'vaginal',
] as const;
export type Route = (typeof ROUTES)[number];

const rxcui = z.string().regex(/^\d{1,8}$/, 'must be an RxNorm concept id (digits)');
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lower-case kebab-case id');
const text = z.string().trim().min(1);
const positive = z.number().positive().finite();

export const manifestSchema = z.strictObject({
  format: z.literal('smartclinix-drug-kb'),
  formatVersion: z.literal(1),
  name: text,
  version: text,
  publisher: text.optional(),
  files: z.strictObject({
    classes: text,
    allergyGroups: text,
    drugs: text,
    interactions: text,
    allergyCrossReactivity: text,
  }),
});

export const therapeuticClassSchema = z.strictObject({
  id: slug,
  name: text,
  /** Whether two active members of this class are reported as duplicate therapy. */
  duplicateTherapy: z.boolean(),
  synonyms: z.array(text).optional(),
});

export const allergyGroupSchema = z.strictObject({
  id: slug,
  name: text,
  synonyms: z.array(text),
});

export const doseRangeSchema = z
  .strictObject({
    routes: z.array(z.enum(ROUTES)).min(1),
    unit: z.literal('mg'),
    /** For a multi-ingredient product: the ingredient whose milligrams the figures count. */
    basisRxcui: rxcui.optional(),
    minPerDose: positive,
    maxPerDose: positive,
    minPerDay: positive.optional(),
    maxPerDay: positive.optional(),
    maxPerWeek: positive.optional(),
    note: text.optional(),
  })
  .refine((r) => r.minPerDose <= r.maxPerDose, { message: 'minPerDose must not exceed maxPerDose', path: ['minPerDose'] })
  .refine((r) => r.maxPerDay === undefined || r.maxPerDose <= r.maxPerDay, {
    message: 'maxPerDose must not exceed maxPerDay',
    path: ['maxPerDose'],
  })
  .refine((r) => r.minPerDay === undefined || r.maxPerDay === undefined || r.minPerDay <= r.maxPerDay, {
    message: 'minPerDay must not exceed maxPerDay',
    path: ['minPerDay'],
  });

export const drugSchema = z
  .strictObject({
    rxcui,
    name: text,
    /** RxNorm term type: IN ingredient, MIN multiple-ingredient combination. */
    termType: z.enum(['IN', 'MIN']),
    ingredients: z.array(rxcui).min(2).optional(),
    synonyms: z.array(text),
    classes: z.array(slug),
    allergyGroups: z.array(slug),
    routes: z.array(z.enum(ROUTES)).min(1),
    doseRanges: z.array(doseRangeSchema),
    deaSchedule: z.enum(DEA_SCHEDULES).nullable(),
    source: text,
  })
  .refine((d) => (d.termType === 'MIN') === (d.ingredients !== undefined), {
    message: 'ingredients are required for termType MIN and not allowed for IN',
    path: ['ingredients'],
  });

const participantSchema = z.union([z.strictObject({ rxcui }), z.strictObject({ class: slug })]);

export const interactionSchema = z.strictObject({
  id: slug,
  between: z.tuple([participantSchema, participantSchema]),
  severity: z.enum(SEVERITIES),
  mechanism: text,
  management: text.optional(),
  source: text,
});

export const crossReactivitySchema = z.strictObject({
  id: slug,
  allergyGroup: slug,
  crossReactsWith: slug,
  severity: z.enum(SEVERITIES),
  explanation: text,
  source: text,
});

export type KbManifest = z.infer<typeof manifestSchema>;
export type TherapeuticClass = z.infer<typeof therapeuticClassSchema>;
export type AllergyGroup = z.infer<typeof allergyGroupSchema>;
export type DoseRange = z.infer<typeof doseRangeSchema>;
export type DrugEntry = z.infer<typeof drugSchema>;
export type InteractionParticipant = z.infer<typeof participantSchema>;
export type Interaction = z.infer<typeof interactionSchema>;
export type CrossReactivity = z.infer<typeof crossReactivitySchema>;

/** One knowledge base as read from its files, before validation. */
export interface RawKnowledgeBase {
  manifest: unknown;
  classes: unknown;
  allergyGroups: unknown;
  drugs: unknown;
  interactions: unknown;
  allergyCrossReactivity: unknown;
}

export interface KnowledgeBaseData {
  manifest: KbManifest;
  classes: TherapeuticClass[];
  allergyGroups: AllergyGroup[];
  drugs: DrugEntry[];
  interactions: Interaction[];
  allergyCrossReactivity: CrossReactivity[];
}
