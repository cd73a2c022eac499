import { LabCriticalRange } from './lab-settings-model.js';

describe('LabCriticalRange', () => {
  it('When numeric limits come back from PostgreSQL as strings, then they are numbers, and absent limits stay null', () => {
    const range = LabCriticalRange.fromDatabaseJson({ loinc_code: '2823-3', low: '3.5', high: '5.1', critical_low: null, critical_high: '6.20' });
    expect(range.toJSON()).toEqual({ loincCode: '2823-3', low: 3.5, high: 5.1, criticalLow: null, criticalHigh: 6.2 });
  });
});
