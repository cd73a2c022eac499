import { readHl7Fixture } from '../../../test/fixtures/hl7/index.js';
import { type CriticalRanges, classifyObservation, classifyReport } from './classify.js';
import { parseOruR01 } from './hl7/oru-r01.js';
import { type LabObservation, type ObservationValue } from './model.js';

const POTASSIUM = '2823-3';
const RANGES: CriticalRanges = { [POTASSIUM]: { low: 3.5, high: 5.1, criticalLow: 2.5, criticalHigh: 6.2 } };

function observation(value: ObservationValue | undefined, abnormalFlags: string[] = [], code = POTASSIUM): LabObservation {
  return { setId: 1, valueType: 'NM', code, value, abnormalFlags, resultStatus: 'F', notes: [] };
}

const numeric = (value: number): ObservationValue => ({ kind: 'numeric', value });

describe('classifyObservation', () => {
  it.each([
    [['LL'], 'critical'],
    [['HH'], 'critical'],
    [['AA'], 'critical'],
    [['L'], 'abnormal'],
    [['H'], 'abnormal'],
    [['A'], 'abnormal'],
    [['<'], 'abnormal'],
    [['>'], 'abnormal'],
    [['N'], 'normal'],
    [['hh'], 'critical'],
    [['H', 'AA'], 'critical'],
  ])('When the flags are %j, then the result is %s', (flags, expected) => {
    expect(classifyObservation(observation(undefined, flags))).toBe(expected);
  });

  it.each([
    [2.4, 'critical'],
    [2.5, 'critical'],
    [3.0, 'abnormal'],
    [3.5, 'normal'],
    [5.1, 'normal'],
    [5.5, 'abnormal'],
    [6.2, 'critical'],
  ])('When no flag is given and potassium is %d, then the tenant range makes it %s', (value, expected) => {
    expect(classifyObservation(observation(numeric(value)), RANGES)).toBe(expected);
  });

  it('When the lab flags only H but the value is in the tenant critical range, then the result is critical', () => {
    expect(classifyObservation(observation(numeric(6.9), ['H']), RANGES)).toBe('critical');
  });

  it('When the lab flags HH but the tenant range would say normal, then the flag still makes it critical', () => {
    expect(classifyObservation(observation(numeric(4.0), ['HH']), RANGES)).toBe('critical');
  });

  it('When the value comes in other units than the range, then the range is not applied and the result is at least abnormal', () => {
    const ranges: CriticalRanges = { [POTASSIUM]: { ...RANGES[POTASSIUM], units: 'mmol/L' } };
    const inMgPerDl = { ...observation(numeric(4.0)), units: 'mg/dL' };
    expect(classifyObservation(inMgPerDl, ranges)).toBe('abnormal');
    expect(classifyObservation({ ...inMgPerDl, abnormalFlags: ['HH'] }, ranges)).toBe('critical');
    // Same units written differently still compare; a value without units is compared as before.
    expect(classifyObservation({ ...observation(numeric(6.5)), units: 'MMOL/l' }, ranges)).toBe('critical');
    expect(classifyObservation({ ...observation(numeric(4.0)), units: 'mmol / L' }, ranges)).toBe('normal');
    expect(classifyObservation(observation(numeric(2.0)), ranges)).toBe('critical');
  });

  it('When a structured value only bounds the result, then only a certain crossing counts', () => {
    const below = (value1: number): ObservationValue => ({ kind: 'structured-numeric', comparator: '<', value1 });
    const above = (value1: number): ObservationValue => ({ kind: 'structured-numeric', comparator: '>', value1 });

    expect(classifyObservation(observation(below(2.0)), RANGES)).toBe('critical');
    expect(classifyObservation(observation(below(3.0)), RANGES)).toBe('abnormal');
    expect(classifyObservation(observation(below(6.0)), RANGES)).toBe('normal');
    expect(classifyObservation(observation(above(7.0)), RANGES)).toBe('critical');
    expect(classifyObservation(observation({ kind: 'structured-numeric', value1: 7, separator: '-', value2: 9 }), RANGES)).toBe('normal');
  });

  it('When no range is configured for the code or the value is not numeric, then only flags count', () => {
    expect(classifyObservation(observation(numeric(99), [], '2951-2'), RANGES)).toBe('normal');
    expect(classifyObservation(observation({ kind: 'text', text: '7.0' }), RANGES)).toBe('normal');
    // Object prototype keys are not configured ranges.
    expect(classifyObservation(observation(numeric(9), [], 'toString'), {})).toBe('normal');
  });
});

describe('classifyReport', () => {
  it('When a report holds a critical potassium among normal results, then the report is critical', () => {
    const report = parseOruR01(readHl7Fixture('oru-r01-critical-potassium.hl7')).reports[0]!;

    expect(classifyReport(report)).toBe('critical');
  });

  it('When the worst result is only abnormal, then the report is abnormal, and normal when all are normal', () => {
    const cbc = parseOruR01(readHl7Fixture('oru-r01-cbc.hl7')).reports[0]!;
    const normalOnly = { ...cbc, observations: cbc.observations.filter((item) => item.abnormalFlags.includes('N')) };

    expect(classifyReport(cbc)).toBe('abnormal');
    expect(classifyReport(normalOnly)).toBe('normal');
  });

  it('When the tenant range marks a flagless result critical, then the report is critical', () => {
    const report = parseOruR01(readHl7Fixture('oru-r01-cbc.hl7')).reports[0]!;

    expect(classifyReport(report, { '777-3': { criticalLow: 150 } })).toBe('critical');
  });
});
