import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDrugKnowledgeBase } from './drug-knowledge-base.js';
import { DrugKnowledgeBaseError } from './errors.js';
import { defaultDrugKnowledgeBaseDir } from './load.js';
import { DEFAULT_FILE_NAMES } from './parse-files.js';
import { type RawKnowledgeBase } from './schema.js';

/** The raw files are deliberately untyped JSON: the tests break them in ways the types would forbid. */
type Json = any;

const dir = defaultDrugKnowledgeBaseDir();
const shipped = Object.fromEntries(
  Object.entries(DEFAULT_FILE_NAMES).map(([key, file]) => [key, JSON.parse(readFileSync(join(dir, file), 'utf8'))]),
) as Record<keyof RawKnowledgeBase, Json>;

function raw(): Record<keyof RawKnowledgeBase, Json> {
  return structuredClone(shipped);
}

function problemsOf(data: RawKnowledgeBase): string[] {
  try {
    createDrugKnowledgeBase(data);
  } catch (error) {
    expect(error).toBeInstanceOf(DrugKnowledgeBaseError);
    return (error as DrugKnowledgeBaseError).problems;
  }
  throw new Error('expected the knowledge base to be rejected');
}

const indexOf = (data: Json, rxcui: string): number => data.drugs.findIndex((d: Json) => d.rxcui === rxcui);

describe('knowledge base validation', () => {
  it('When the shipped data is validated in memory, then it is accepted', () => {
    expect(() => createDrugKnowledgeBase(raw())).not.toThrow();
  });

  it('When a dose range has its minimum above its maximum, then the error names the drug entry and the field', () => {
    const data = raw();
    const i = indexOf(data, '36567');
    data.drugs[i].doseRanges[0].minPerDose = 400;
    expect(problemsOf(data)).toContain(`drugs.json[${i}] (rxcui 36567 simvastatin): doseRanges.0.minPerDose: minPerDose must not exceed maxPerDose`);
  });

  it('When a drug names a class that does not exist, then the error names the entry and the class', () => {
    const data = raw();
    const i = indexOf(data, '5640');
    data.drugs[i].classes.push('nsaidz');
    expect(problemsOf(data)).toContain(`drugs.json[${i}] (rxcui 5640 ibuprofen): classes: unknown class "nsaidz"`);
  });

  it('When an interaction names an RxCUI that is not in the knowledge base, then the error names the interaction', () => {
    const data = raw();
    const i = data.interactions.findIndex((x: Json) => x.id === 'warfarin-fluconazole');
    data.interactions[i].between[1] = { rxcui: '99999999' };
    expect(problemsOf(data)).toContain(`interactions.json[${i}] (id warfarin-fluconazole): between.1: unknown rxcui 99999999`);
  });

  it('When two drugs share an RxCUI, then the second is reported as a duplicate', () => {
    const data = raw();
    data.drugs.push({ ...structuredClone(data.drugs[0]), name: 'warfarin copy', synonyms: [] });
    const last = data.drugs.length - 1;
    expect(problemsOf(data)).toContain(`drugs.json[${last}] (rxcui 11289 warfarin copy): duplicate of entry 0 (11289)`);
  });

  it('When a field name is misspelt, then the entry is rejected rather than the check silently skipped', () => {
    const data = raw();
    const i = indexOf(data, '6851');
    data.drugs[i].doseRanges[0].maxPerWeak = data.drugs[i].doseRanges[0].maxPerWeek;
    delete data.drugs[i].doseRanges[0].maxPerWeek;
    expect(problemsOf(data).join('\n')).toContain(`drugs.json[${i}] (rxcui 6851 methotrexate): doseRanges.0: Unrecognized key: "maxPerWeak"`);
  });

  it('When a drug is given DEA schedule I, then it is rejected (Schedule I drugs cannot be prescribed)', () => {
    const data = raw();
    data.drugs[0].deaSchedule = 'I';
    expect(problemsOf(data).some((p) => p.startsWith('drugs.json[0] (rxcui 11289 warfarin): deaSchedule:'))).toBe(true);
  });

  it('When a combination product has a dose range without a basis ingredient, then the error says the basis is required', () => {
    const data = raw();
    const i = indexOf(data, '214182');
    delete data.drugs[i].doseRanges[0].basisRxcui;
    expect(problemsOf(data)).toContain(
      `drugs.json[${i}] (rxcui 214182 acetaminophen / hydrocodone): doseRanges.0.basisRxcui: required for a combination product`,
    );
  });

  it('When two dose ranges of one drug cover the same route, then the ambiguity is reported', () => {
    const data = raw();
    const i = indexOf(data, '9639');
    data.drugs[i].doseRanges[1].routes = ['transdermal', 'oral'];
    expect(problemsOf(data)).toContain(`drugs.json[${i}] (rxcui 9639 selegiline): doseRanges.1.routes: "oral" is covered by more than one dose range`);
  });

  it('When two drugs claim the same free-text name, then the collision is reported', () => {
    const data = raw();
    const i = indexOf(data, '5640');
    data.drugs[i].synonyms.push('Aleve');
    const naproxen = indexOf(data, '7258');
    expect(problemsOf(data)).toEqual([
      `drugs.json[${naproxen}] (rxcui 7258 naproxen): drug name "aleve" is also used by drugs.json[${i}] (rxcui 5640 ibuprofen)`,
    ]);
  });

  it('When a cross-reactivity rule names an unknown allergy group, then the rule is reported', () => {
    const data = raw();
    data.allergyCrossReactivity[0].crossReactsWith = 'carbapenems';
    expect(problemsOf(data)).toContain('allergy-cross-reactivity.json[0] (id penicillin-to-cephalosporin): crossReactsWith: unknown allergy group "carbapenems"');
  });

  it('When several files have problems, then every problem is reported in one error', () => {
    const data = raw();
    data.manifest.formatVersion = 2;
    data.classes[0].duplicateTherapy = 'yes';
    const problems = problemsOf(data);
    expect(problems.some((p) => p.startsWith('manifest.json: formatVersion:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('classes.json[0] (id analgesic-antipyretic): duplicateTherapy:'))).toBe(true);
  });
});
