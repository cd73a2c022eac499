import { loadDrugKnowledgeBase, type DrugKnowledgeBase } from '../knowledge-base/index.js';
import { requiresOverride, screenPrescription } from './screen-prescription.js';
import { screeningRequestSchema, type Finding, type ScreeningRequest } from './types.js';

const WARFARIN = '11289';
const IBUPROFEN = '5640';
const NAPROXEN = '7258';
const OXYCODONE = '7804';
const LORAZEPAM = '6470';
const GABAPENTIN = '25480';
const CEPHALEXIN = '2231';
const METFORMIN = '6809';
const UNKNOWN = '99999999';

describe('screenPrescription', () => {
  let kb: DrugKnowledgeBase;
  beforeAll(async () => {
    kb = await loadDrugKnowledgeBase();
  });

  const request = (overrides: Partial<ScreeningRequest> & Pick<ScreeningRequest, 'medication'>): ScreeningRequest => ({
    allergies: [],
    activeMedications: [],
    ...overrides,
  });
  const summary = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.kind} ${f.code}`);

  it('When the prescribed RxCUI is unknown, then a single high unknown-drug finding is returned instead of a crash', () => {
    const findings = screenPrescription(kb, request({ medication: { rxcui: UNKNOWN, doseMg: 5 }, activeMedications: [{ rxcui: WARFARIN }] }));
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'unknown-drug', severity: 'high', code: 'UNKNOWN_PRESCRIBED_DRUG', involved: [UNKNOWN] }),
    ]);
    expect(requiresOverride(findings)).toBe(true);
  });

  it('When an active medication is unknown, then a moderate finding says it was not screened and the others still are', () => {
    const findings = screenPrescription(kb, request({ medication: { rxcui: IBUPROFEN }, activeMedications: [{ rxcui: UNKNOWN }, { rxcui: WARFARIN }] }));
    expect(summary(findings)).toEqual(['high drug-drug-interaction DDI:vka-nsaid', 'moderate unknown-drug UNKNOWN_ACTIVE_MEDICATION']);
  });

  it('When several rules fire, then findings come most severe first in a stable order', () => {
    const findings = screenPrescription(
      kb,
      request({
        medication: { rxcui: NAPROXEN, doseMg: 100, dosesPerDay: 2, route: 'oral' },
        allergies: [{ substance: 'aspirin' }],
        activeMedications: [{ rxcui: IBUPROFEN }, { rxcui: WARFARIN }],
      }),
    );
    expect(summary(findings)).toEqual([
      'high drug-drug-interaction DDI:vka-nsaid',
      'moderate allergy-class-cross-reactivity ALLERGY_CROSS_REACTIVITY:salicylate-to-nsaid',
      'moderate duplicate-therapy DUPLICATE_CLASS:nsaid',
      'low dose-range DOSE_BELOW_MIN_SINGLE',
    ]);
  });

  it('When the same request is screened twice, with the active list in another order, then the findings are identical', () => {
    const base = { medication: { rxcui: OXYCODONE, doseMg: 10, dosesPerDay: 4 } };
    const first = screenPrescription(kb, request({ ...base, activeMedications: [{ rxcui: LORAZEPAM }, { rxcui: GABAPENTIN }] }));
    const second = screenPrescription(kb, request({ ...base, activeMedications: [{ rxcui: GABAPENTIN }, { rxcui: LORAZEPAM }] }));
    expect(second).toEqual(first);
    expect(summary(first)).toEqual([
      'high drug-drug-interaction DDI:opioid-benzodiazepine',
      'moderate drug-drug-interaction DDI:opioid-gabapentinoid',
    ]);
  });

  it('When an active medication is listed twice, then its findings are not doubled', () => {
    const findings = screenPrescription(kb, request({ medication: { rxcui: IBUPROFEN }, activeMedications: [{ rxcui: WARFARIN }, { rxcui: WARFARIN }] }));
    expect(summary(findings)).toEqual(['high drug-drug-interaction DDI:vka-nsaid']);
  });

  it('When nothing applies, then there are no findings and no override is needed', () => {
    const findings = screenPrescription(kb, request({ medication: { rxcui: METFORMIN, doseMg: 500, dosesPerDay: 2 }, allergies: [{ substance: 'penicillin' }] }));
    expect(findings).toEqual([]);
    expect(requiresOverride(findings)).toBe(false);
  });

  it('When only moderate findings are present, then no override is required; when one is high, it is', () => {
    const moderate = screenPrescription(kb, request({ medication: { rxcui: CEPHALEXIN }, allergies: [{ substance: 'penicillin' }] }));
    expect(summary(moderate)).toEqual(['moderate allergy-class-cross-reactivity ALLERGY_CROSS_REACTIVITY:penicillin-to-cephalosporin']);
    expect(requiresOverride(moderate)).toBe(false);
    const high = screenPrescription(kb, request({ medication: { rxcui: CEPHALEXIN }, allergies: [{ substance: 'Keflex' }] }));
    expect(requiresOverride(high)).toBe(true);
  });

  it('When a request gives both daily and weekly frequencies, then the request schema rejects it', () => {
    const parsed = screeningRequestSchema.safeParse(request({ medication: { rxcui: WARFARIN, doseMg: 5, dosesPerDay: 1, dosesPerWeek: 7 } }));
    expect(parsed.success).toBe(false);
  });
});
