import { rangeOrderingProblems } from './critical-range-rules.js';
import { isLoincCode, loincCheckDigit } from './loinc.js';

const range = (over: Partial<Parameters<typeof rangeOrderingProblems>[0]>) => ({ low: null, high: null, criticalLow: null, criticalHigh: null, ...over });

describe('critical range ordering', () => {
  it('When the limits increase (or touch), then there is no problem', () => {
    expect(rangeOrderingProblems(range({ criticalLow: 2.5, low: 3.5, high: 5.1, criticalHigh: 6.2 }))).toEqual([]);
    expect(rangeOrderingProblems(range({ criticalLow: 3.5, low: 3.5 }))).toEqual([]);
    expect(rangeOrderingProblems(range({ criticalHigh: 160 }))).toEqual([]);
  });

  it('When critical low is above low, then low is reported as the limit out of order', () => {
    expect(rangeOrderingProblems(range({ criticalLow: 4, low: 3.5, high: 5.1 }))).toEqual([{ pointer: '/body/low', detail: 'must not be less than criticalLow' }]);
  });

  it('When a limit is out of order with only some limits given, then the gap is skipped and the next present one compared', () => {
    expect(rangeOrderingProblems(range({ criticalLow: 7, criticalHigh: 9, high: 6 }))).toEqual([{ pointer: '/body/high', detail: 'must not be less than criticalLow' }]);
  });

  it('When the critical limits are equal, then it is refused as every value would be critical', () => {
    expect(rangeOrderingProblems(range({ criticalLow: 5, criticalHigh: 5 })).map((p) => p.pointer)).toEqual(['/body/criticalHigh']);
  });
});

describe('LOINC codes', () => {
  it('When real LOINC codes are checked, then their check digits match', () => {
    for (const code of ['2823-3', '2951-2', '2345-7', '718-7', '4548-4', '6690-2', '51990-0', '24323-8']) expect(isLoincCode(code)).toBe(true);
  });

  it('When a digit is mistyped or the shape is wrong, then it is not a LOINC code', () => {
    expect(['2823-4', '2832-3', '2823', 'ABC-1', '12345678-9', '2823-3 '].map(isLoincCode)).toEqual([false, false, false, false, false, false]);
    expect(loincCheckDigit('2823')).toBe(3);
  });
});
