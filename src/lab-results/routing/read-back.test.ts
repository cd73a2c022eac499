import { readBackMatches } from './read-back.js';

const potassium = { value: { kind: 'numeric' as const, value: 6.9 } };
const glucose = { value: { kind: 'numeric' as const, value: 38 } };

describe('readBackMatches', () => {
  it('When the clinician reads back the critical number, then the acknowledgement counts', () => {
    expect(readBackMatches('potassium 6.9 mmol/L', [potassium])).toBe(true);
    expect(readBackMatches('6.90', [potassium])).toBe(true);
    expect(readBackMatches('6,9', [potassium])).toBe(true);
  });

  it('When the number read back differs, then it is a mismatch', () => {
    expect(readBackMatches('potassium 9.6', [potassium])).toBe(false);
    expect(readBackMatches('69', [potassium])).toBe(false);
  });

  it('When several values are critical, then every one must be read back', () => {
    expect(readBackMatches('K 6.9', [potassium, glucose])).toBe(false);
    expect(readBackMatches('K 6.9 and glucose 38', [potassium, glucose])).toBe(true);
  });

  it('When the value is "<5.0", then reading back 5.0 counts', () => {
    expect(readBackMatches('less than 5', [{ value: { kind: 'structured-numeric', comparator: '<', value1: 5 } }])).toBe(true);
  });

  it('When the value is coded, then its code or display counts', () => {
    const coded = { value: { kind: 'coded' as const, code: '260373001', display: 'Detected' } };
    expect(readBackMatches('detected', [coded])).toBe(true);
    expect(readBackMatches('not found', [coded])).toBe(false);
  });

  it('When the read-back is empty, then it never counts', () => {
    expect(readBackMatches('  ', [potassium])).toBe(false);
    expect(readBackMatches('6.9', [])).toBe(false);
  });
});
