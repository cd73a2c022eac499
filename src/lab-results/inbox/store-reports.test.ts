import { type LabReport } from '../interop/index.js';
import { reportKey } from './store-reports.js';

const report = (over: Partial<LabReport>): LabReport => ({ test: { code: '2823-3' }, reportStatus: 'F', notes: [], observations: [], ...over });

describe('reportKey', () => {
  it('When the lab gives an accession, then the report is keyed by accession and test, so its final and corrections update it', () => {
    expect(reportKey(report({ fillerOrderNumber: 'ACC-1', fillerOrderNamespace: 'LAB', placerOrderNumber: 'ORD-1' }))).toBe('F:LAB:ACC-1|2823-3');
  });

  it('When only the placer number is known, then it keys the report', () => {
    expect(reportKey(report({ placerOrderNumber: 'ORD-1' }))).toBe('P::ORD-1|2823-3');
  });

  it('When two tests share an accession, then they are two reports', () => {
    expect(reportKey(report({ fillerOrderNumber: 'ACC-1' }))).not.toBe(reportKey(report({ fillerOrderNumber: 'ACC-1', test: { code: '2951-2' } })));
  });

  it('When neither number is given, then there is no key and every message is a report of its own', () => {
    expect(reportKey(report({}))).toBeNull();
  });
});
