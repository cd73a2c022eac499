import { readHl7Fixture } from '../../../test/fixtures/hl7/index.js';
import { parseOruR01 } from './hl7/oru-r01.js';
import { type LabReport, type ReportStatus, type ResultStatus } from './model.js';
import { isCorrection, reportRevision } from './report-revision.js';

function report(reportStatus: ReportStatus, resultStatuses: ResultStatus[]): LabReport {
  return {
    test: { code: '2823-3' },
    reportStatus,
    notes: [],
    observations: resultStatuses.map((resultStatus, index) => ({
      setId: index + 1,
      code: '2823-3',
      abnormalFlags: [],
      resultStatus,
      notes: [],
    })),
  };
}

describe('reportRevision', () => {
  it('When a preliminary report is later sent as final, then the first is preliminary and the second final', () => {
    const preliminary = parseOruR01(readHl7Fixture('oru-r01-preliminary.hl7')).reports[0]!;
    const final = parseOruR01(readHl7Fixture('oru-r01-final.hl7')).reports[0]!;

    expect([reportRevision(preliminary), reportRevision(final)]).toEqual(['preliminary', 'final']);
  });

  it('When a report is corrected, then it is a correction', () => {
    const corrected = parseOruR01(readHl7Fixture('oru-r01-corrected.hl7')).reports[0]!;

    expect(reportRevision(corrected)).toBe('corrected');
    expect(isCorrection(corrected)).toBe(true);
  });

  it.each<[ReportStatus, ResultStatus[], string]>([
    ['F', ['F', 'C'], 'corrected'],
    ['F', ['F', 'D'], 'corrected'],
    ['C', ['F'], 'corrected'],
    ['F', ['F', 'P'], 'preliminary'],
    ['A', ['F'], 'preliminary'],
    ['X', [], 'cancelled'],
    ['F', ['F', 'X'], 'final'],
  ])('When OBR-25 is %s and OBX-11 are %j, then the report is %s', (reportStatus, resultStatuses, expected) => {
    expect(reportRevision(report(reportStatus, resultStatuses))).toBe(expected);
  });

  it('When a report is final, then it is not a correction', () => {
    expect(isCorrection(report('F', ['F']))).toBe(false);
  });
});
