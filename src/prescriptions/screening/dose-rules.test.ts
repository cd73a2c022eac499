import { loadDrugKnowledgeBase, type DrugKnowledgeBase } from '../knowledge-base/index.js';
import { screenDose } from './dose-rules.js';
import { type PrescribedMedication } from './types.js';

const SIMVASTATIN = '36567';
const METHOTREXATE = '6851';
const SELEGILINE = '9639';
const NITROGLYCERIN = '4917';
const HYDROCODONE_APAP = '214182';
const HYDROCODONE = '5489';

describe('screenDose', () => {
  let kb: DrugKnowledgeBase;
  beforeAll(async () => {
    kb = await loadDrugKnowledgeBase();
  });
  const screen = (med: PrescribedMedication) => screenDose(kb, kb.drug(med.rxcui)!, med);
  const codes = (med: PrescribedMedication) => screen(med).map((f) => [f.code, f.severity]);

  it('When the dose is within the usual range, then there is no finding', () => {
    expect(screen({ rxcui: SIMVASTATIN, doseMg: 20, dosesPerDay: 1, route: 'oral' })).toEqual([]);
  });

  it('When a single dose is above the maximum, then a high finding is raised', () => {
    const [finding] = screen({ rxcui: SIMVASTATIN, doseMg: 80, route: 'oral' });
    expect(finding).toMatchObject({ kind: 'dose-range', severity: 'high', code: 'DOSE_ABOVE_MAX_SINGLE', involved: [SIMVASTATIN] });
    expect(finding?.message).toMatch(/^A dose of 80 mg of simvastatin exceeds the usual maximum single dose of 40 mg\./);
  });

  it('When each dose is allowed but the daily total is above the maximum, then a high daily finding is raised', () => {
    expect(codes({ rxcui: SIMVASTATIN, doseMg: 40, dosesPerDay: 2 })).toEqual([['DOSE_ABOVE_MAX_DAILY', 'high']]);
  });

  it('When a dose is below the usual minimum, then a low finding is raised', () => {
    expect(codes({ rxcui: SIMVASTATIN, doseMg: 2.5, dosesPerDay: 1 })).toEqual([['DOSE_BELOW_MIN_SINGLE', 'low']]);
  });

  it('When weekly methotrexate is written as daily, then the weekly maximum is exceeded and flagged high', () => {
    expect(codes({ rxcui: METHOTREXATE, doseMg: 15, dosesPerWeek: 1 })).toEqual([]);
    const findings = screen({ rxcui: METHOTREXATE, doseMg: 15, dosesPerDay: 1 });
    expect(findings.map((f) => f.code)).toEqual(['DOSE_ABOVE_MAX_WEEKLY']);
    expect(findings[0]?.message).toContain('105 mg of methotrexate a week exceeds the usual maximum weekly dose of 25 mg.');
  });

  it('When a drug has route-specific ranges, then the range for the given route is used', () => {
    expect(codes({ rxcui: SELEGILINE, doseMg: 12, route: 'transdermal' })).toEqual([]);
    expect(codes({ rxcui: SELEGILINE, doseMg: 12, route: 'oral' })).toEqual([['DOSE_ABOVE_MAX_SINGLE', 'high']]);
  });

  it('When a drug has route-specific ranges and no route is given, then a low finding says the dose was not checked', () => {
    expect(codes({ rxcui: SELEGILINE, doseMg: 12 })).toEqual([['DOSE_NOT_CHECKED_ROUTE_UNSPECIFIED', 'low']]);
  });

  it('When the route is not one the drug is given by, then a moderate finding is raised', () => {
    expect(codes({ rxcui: SIMVASTATIN, route: 'intravenous' })).toEqual([['ROUTE_NOT_LISTED', 'moderate']]);
  });

  it('When a decimal dose sits exactly on the limit, then rounding does not raise a finding', () => {
    expect(screen({ rxcui: NITROGLYCERIN, doseMg: 0.1 + 0.2, route: 'sublingual' })).toEqual([]);
  });

  it('When a combination product is dosed, then the figures refer to its basis ingredient', () => {
    const [finding] = screen({ rxcui: HYDROCODONE_APAP, doseMg: 10, dosesPerDay: 8 });
    expect(finding?.code).toBe('DOSE_ABOVE_MAX_DAILY');
    expect(finding?.message).toMatch(/^80 mg \(as hydrocodone\) of acetaminophen \/ hydrocodone a day exceeds the usual maximum daily dose of 60 mg\./);
  });

  it('When the knowledge base has no range for the drug, or no dose is given, then there is no dose finding', () => {
    expect(screen({ rxcui: HYDROCODONE, doseMg: 500, dosesPerDay: 4 })).toEqual([]);
    expect(screen({ rxcui: SIMVASTATIN, dosesPerDay: 9 })).toEqual([]);
  });
});
