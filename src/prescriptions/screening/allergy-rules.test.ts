import { loadDrugKnowledgeBase, type DrugKnowledgeBase, type KbDrug } from '../knowledge-base/index.js';
import { screenAllergies } from './allergy-rules.js';
import { type AllergyEntry } from './types.js';

const AMOXICILLIN = '723';
const PENICILLIN_V = '7984';
const CEPHALEXIN = '2231';
const SULFAMETHOXAZOLE = '10180';
const FUROSEMIDE = '4603';
const CELECOXIB = '140587';
const ASPIRIN = '1191';
const IBUPROFEN = '5640';
const NAPROXEN = '7258';
const HYDROCODONE_APAP = '214182';
const ACETAMINOPHEN = '161';
const ALPRAZOLAM = '596';
const SERTRALINE = '36437';

describe('screenAllergies', () => {
  let kb: DrugKnowledgeBase;
  beforeAll(async () => {
    kb = await loadDrugKnowledgeBase();
  });

  const drug = (rxcui: string): KbDrug => kb.drug(rxcui)!;
  const screen = (rxcui: string, ...substances: string[]) =>
    screenAllergies(kb, drug(rxcui), substances.map((substance): AllergyEntry => ({ substance })));

  it('When the patient is allergic to the prescribed drug itself, then a high drug-allergy finding is raised', () => {
    expect(screen(AMOXICILLIN, AMOXICILLIN)).toEqual([
      expect.objectContaining({ kind: 'drug-allergy', severity: 'high', code: 'ALLERGY_INGREDIENT_MATCH', involved: [AMOXICILLIN] }),
    ]);
  });

  it('When the allergy is to an ingredient of a combination product, then the product is flagged high', () => {
    const [finding] = screen(HYDROCODONE_APAP, 'Tylenol');
    expect(finding).toMatchObject({ kind: 'drug-allergy', severity: 'high', code: 'ALLERGY_INGREDIENT_MATCH', involved: [HYDROCODONE_APAP, ACETAMINOPHEN] });
    expect(finding?.message).toBe('Recorded allergy to acetaminophen: acetaminophen / hydrocodone contains acetaminophen.');
  });

  it('When the allergy is recorded as a class ("penicillin") and a penicillin is prescribed, then it is a high class match', () => {
    expect(screen(AMOXICILLIN, 'penicillin')).toEqual([
      expect.objectContaining({ kind: 'drug-allergy', severity: 'high', code: 'ALLERGY_CLASS_MATCH', involved: [AMOXICILLIN] }),
    ]);
  });

  it('When the allergy is to one penicillin and another penicillin is prescribed, then it is a high class match', () => {
    expect(screen(PENICILLIN_V, AMOXICILLIN)).toEqual([
      expect.objectContaining({ severity: 'high', code: 'ALLERGY_CLASS_MATCH', involved: [PENICILLIN_V, AMOXICILLIN] }),
    ]);
  });

  it('When the allergy is a therapeutic class such as benzodiazepines, then a member of that class is a high class match', () => {
    const [finding] = screen(ALPRAZOLAM, 'benzodiazepines');
    expect(finding).toMatchObject({ kind: 'drug-allergy', severity: 'high', code: 'ALLERGY_CLASS_MATCH' });
    expect(finding?.message).toBe('Recorded allergy to Benzodiazepines: alprazolam is in that class.');
  });

  it('When a penicillin-allergic patient is prescribed a cephalosporin, then a moderate cross-reactivity finding cites its source', () => {
    const findings = screen(CEPHALEXIN, 'PCN');
    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'allergy-class-cross-reactivity',
        severity: 'moderate',
        code: 'ALLERGY_CROSS_REACTIVITY:penicillin-to-cephalosporin',
        involved: [CEPHALEXIN],
      }),
    ]);
    expect(findings[0]?.reference).toMatch(/KHAN-2022/);
  });

  it('When a sulfa-allergic patient is prescribed sulfamethoxazole, furosemide or celecoxib, then the severities differ as the evidence does', () => {
    expect(screen(SULFAMETHOXAZOLE, 'Sulfa').map((f) => [f.code, f.severity])).toEqual([['ALLERGY_CLASS_MATCH', 'high']]);
    expect(screen(FUROSEMIDE, 'Sulfa').map((f) => [f.code, f.severity])).toEqual([
      ['ALLERGY_CROSS_REACTIVITY:sulfonamide-antibiotic-to-non-antibiotic', 'low'],
    ]);
    expect(screen(CELECOXIB, 'Sulfa').map((f) => [f.code, f.severity])).toEqual([['ALLERGY_CROSS_REACTIVITY:sulfonamide-antibiotic-to-celecoxib', 'moderate']]);
  });

  it('When an aspirin-allergic patient is prescribed ibuprofen, then NSAID cross-reactivity is moderate', () => {
    expect(screen(IBUPROFEN, ASPIRIN)).toEqual([
      expect.objectContaining({ severity: 'moderate', code: 'ALLERGY_CROSS_REACTIVITY:salicylate-to-nsaid', involved: [IBUPROFEN, ASPIRIN] }),
    ]);
  });

  it('When the allergy has nothing to do with the prescribed drug, then there is no finding', () => {
    expect(screen(SERTRALINE, 'penicillin', NAPROXEN, 'Sulfa')).toEqual([]);
  });

  it('When an allergy entry cannot be matched, then a moderate finding asks for manual review without echoing the text', () => {
    const [finding] = screen(SERTRALINE, 'penicillin', 'the pink pills from 2019');
    expect(finding).toMatchObject({ kind: 'unknown-drug', severity: 'moderate', code: 'ALLERGY_SUBSTANCE_UNRECOGNISED', involved: [SERTRALINE] });
    expect(finding?.message).toBe('Allergy entry 2 could not be matched to the drug knowledge base and was not screened; review it manually.');
    expect(screen(SERTRALINE, '99999999')).toHaveLength(1);
  });
});
