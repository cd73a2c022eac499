import { type DrugKnowledgeBase } from './drug-knowledge-base.js';
import { UnknownDrugError } from './errors.js';
import { loadDrugKnowledgeBase } from './load.js';

const WARFARIN = '11289';
const IBUPROFEN = '5640';
const NAPROXEN = '7258';
const HYDROCODONE_APAP = '214182';
const HYDROCODONE = '5489';
const ACETAMINOPHEN = '161';
const LORAZEPAM = '6470';
const SIMVASTATIN = '36567';
const CLARITHROMYCIN = '21212';
const ROSUVASTATIN = '301542';
const CLOPIDOGREL = '32968';
const PANTOPRAZOLE = '40790';

describe('DrugKnowledgeBase', () => {
  let kb: DrugKnowledgeBase;
  beforeAll(async () => {
    kb = await loadDrugKnowledgeBase();
  });

  it('When a drug is looked up by RxCUI, then its classes, routes and dose ranges are returned', () => {
    const drug = kb.drug(IBUPROFEN);
    expect(drug).toMatchObject({ name: 'ibuprofen', termType: 'IN', ingredients: [IBUPROFEN], classes: ['nsaid'], routes: ['oral'] });
    expect(drug?.doseRanges[0]).toMatchObject({ unit: 'mg', minPerDose: 200, maxPerDose: 800, maxPerDay: 3200 });
  });

  it('When an unknown RxCUI is looked up, then nothing is returned', () => {
    expect(kb.drug('99999999')).toBeUndefined();
  });

  it('When a combination product is looked up, then it inherits its ingredients’ classes', () => {
    const product = kb.drug(HYDROCODONE_APAP);
    expect(product?.ingredients).toEqual([ACETAMINOPHEN, HYDROCODONE]);
    expect(product?.classes).toEqual(['analgesic-antipyretic', 'opioid']);
  });

  it('When class members are listed, then every drug in that class is returned and nothing else', () => {
    const statins = kb.classMembers('statin').map((d) => d.name).sort();
    expect(statins).toEqual(['atorvastatin', 'rosuvastatin', 'simvastatin']);
    expect(kb.classMembers('no-such-class')).toEqual([]);
  });

  it('When a class-level interaction applies, then it is found whichever drug is given first', () => {
    const forward = kb.interactionsBetween(WARFARIN, NAPROXEN).map((x) => x.id);
    const backward = kb.interactionsBetween(NAPROXEN, WARFARIN).map((x) => x.id);
    expect(forward).toEqual(['vka-nsaid']);
    expect(backward).toEqual(forward);
  });

  it('When a drug-level interaction applies, then it is found, and a same-class drug without it is not flagged', () => {
    expect(kb.interactionsBetween(SIMVASTATIN, CLARITHROMYCIN).map((x) => x.severity)).toEqual(['high']);
    expect(kb.interactionsBetween(ROSUVASTATIN, CLARITHROMYCIN)).toEqual([]);
    expect(kb.interactionsBetween(CLOPIDOGREL, PANTOPRAZOLE)).toEqual([]);
  });

  it('When a combination product meets a benzodiazepine, then the opioid interaction reaches it through its ingredient', () => {
    expect(kb.interactionsBetween(HYDROCODONE_APAP, LORAZEPAM).map((x) => x.id)).toEqual(['opioid-benzodiazepine']);
  });

  it('When an interaction involves an unknown drug, then none is returned', () => {
    expect(kb.interactionsBetween(WARFARIN, '99999999')).toEqual([]);
  });

  it('When an unknown RxCUI is checked for control status, then UnknownDrugError is thrown rather than "not controlled"', () => {
    expect(() => kb.isControlled('99999999')).toThrow(UnknownDrugError);
  });

  it('When free text names a brand, a class or an allergy group, then it resolves, drugs taking precedence', () => {
    expect(kb.findByName('Coumadin')).toMatchObject({ kind: 'drug', drug: { rxcui: WARFARIN } });
    expect(kb.findByName('  SULFA  drugs ')).toMatchObject({ kind: 'allergy-group', group: { id: 'sulfonamide-antibiotics' } });
    expect(kb.findByName('Benzodiazepines')).toMatchObject({ kind: 'class', drugClass: { id: 'benzodiazepine' } });
    expect(kb.findByName('Penicillins')).toMatchObject({ kind: 'allergy-group', group: { id: 'penicillins' } });
    expect(kb.findByName('latex')).toBeUndefined();
  });
});
