import { type StoredReferral, toReferralRecord } from './referral-record.js';

const stored = (over: Partial<StoredReferral> = {}) =>
  ({
    id: 'r1',
    tenantId: 't1',
    patientId: 'p1',
    status: 'received',
    stage: 'triage',
    stageKey: 'triage-1',
    stageDueAt: '2026-01-01T10:00:00.000Z',
    clinicalSealed: 'k1:sealed',
    reportId: null,
    createdBy: 'user:u1',
    ...over,
  }) as StoredReferral;

describe('toReferralRecord', () => {
  it('When a stored referral becomes a record, then its sealed text and internal keys are left out', () => {
    const record = toReferralRecord(stored());
    expect(Object.keys(record)).toEqual(expect.arrayContaining(['id', 'tenantId', 'patientId', 'status', 'stage', 'stageDueAt', 'overdue']));
    expect(record).not.toHaveProperty('clinicalSealed');
    expect(record).not.toHaveProperty('stageKey');
    expect(record).not.toHaveProperty('reportId');
    expect(record).not.toHaveProperty('createdBy');
  });

  it('When the current stage is past its due time, then the record is overdue; before it or without one, it is not', () => {
    const now = new Date('2026-01-01T11:00:00Z');
    expect(toReferralRecord(stored(), now).overdue).toBe(true);
    expect(toReferralRecord(stored({ stageDueAt: '2026-01-01T12:00:00.000Z' }), now).overdue).toBe(false);
    expect(toReferralRecord(stored({ stageDueAt: null }), now).overdue).toBe(false);
  });
});
