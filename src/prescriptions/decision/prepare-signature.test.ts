import { loadDrugKnowledgeBase, type DrugKnowledgeBase } from '../knowledge-base/index.js';
import { doseInMg, screenedMedication } from '../requests/order-model.js';
import { type PrescriptionRecord } from '../requests/prescription-record.js';
import { signedContentDigest } from '../screening/index.js';
import { prepareSignature } from './prepare-signature.js';

let kb: DrugKnowledgeBase;
beforeAll(async () => {
  kb = await loadDrugKnowledgeBase();
});

const record = (over: Partial<PrescriptionRecord> = {}): PrescriptionRecord => ({
  id: 'rx-1',
  tenantId: 'tenant-1',
  workflowId: 'prescription-rx-1',
  patientId: 'patient-1',
  kind: 'new',
  origin: 'nurse',
  requestedBy: { type: 'user', id: 'nurse-1', role: 'nurse' },
  requestedById: 'nurse-1',
  refillOfPrescriptionId: null,
  requestingPharmacyId: null,
  prescriberId: 'prac-1',
  signerUserId: null,
  medication: { rxcui: '29046', display: 'lisinopril 10 mg', deaSchedule: null },
  controlled: false,
  strength: { value: 10, unit: 'mg' },
  dose: { value: 1, unit: 'tablet' },
  route: 'oral',
  timing: { frequency: 1, period: 1, periodUnit: 'd' },
  asNeeded: null,
  sig: 'Take 1 tablet by mouth once daily',
  quantity: { value: 30, unit: 'tablet' },
  refills: 2,
  daysSupply: 30,
  indication: 'Hypertension',
  substitutionAllowed: true,
  noteToPharmacist: null,
  pharmacyId: 'pharmacy-1',
  status: 'awaiting-decision',
  routing: null,
  findings: [],
  knowledgeBaseVersion: '1.0.0',
  overrides: [],
  decision: null,
  authoredOn: null,
  sentAt: null,
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
  ...over,
});

const ctx = { allergies: [], activeMedicationRxcuis: [], overrides: [], authoredOn: '2026-11-26T10:05:00.000Z', prescriberId: 'prac-1' };

describe('what a signature covers', () => {
  it('When a dose is given in tablets, then screening counts it in milligrams from the strength, per day from the timing', () => {
    expect(doseInMg({ dose: { value: 2, unit: 'tablet' }, strength: { value: 250, unit: 'mcg' } })).toBe(0.5);
    expect(doseInMg({ dose: { value: 5, unit: 'mL' }, strength: { value: 10, unit: 'mg' } })).toBeUndefined();
    expect(screenedMedication({ ...record(), rxcui: '29046', medicationDisplay: '', deaSchedule: null, timing: { frequency: 3, period: 12, periodUnit: 'h' } })).toMatchObject({
      doseMg: 10,
      dosesPerDay: 6,
    });
  });

  it('When the same record is prepared twice, then the digest is the same; a changed field or issuance time changes it', () => {
    const a = prepareSignature(record(), { kb, ...ctx });
    expect(prepareSignature(record(), { kb, ...ctx }).contentDigest).toBe(a.contentDigest);
    expect(a.contentDigest).toBe(signedContentDigest(a.content));
    expect(prepareSignature(record({ sig: 'Take 1 tablet daily' }), { kb, ...ctx }).contentDigest).not.toBe(a.contentDigest);
    expect(prepareSignature(record(), { kb, ...ctx, authoredOn: '2026-11-26T10:06:00.000Z' }).contentDigest).not.toBe(a.contentDigest);
  });

  it('When a modification raises the dose above the usual maximum, then it is re-screened and the new high finding is uncovered until overridden', () => {
    const changes = { dose: { value: 10, unit: 'tablet' as const } };
    const modified = prepareSignature(record(), { kb, ...ctx, changes });
    expect(modified.draft.dose).toEqual({ value: 10, unit: 'tablet' });
    expect(modified.uncovered).toEqual(expect.arrayContaining(['DOSE_ABOVE_MAX_SINGLE']));
    const overrides = modified.uncovered.map((code) => ({ code, reason: 'Titration per nephrology' }));
    const overridden = prepareSignature(record(), { kb, ...ctx, changes, overrides });
    expect(overridden.uncovered).toEqual([]);
    expect(overridden.content.screening.overrides.map((o) => o.code).sort()).toEqual([...modified.uncovered].sort());
  });

  it('When the strength changes, then the display name the pharmacy sees follows it', () => {
    expect(prepareSignature(record(), { kb, ...ctx, changes: { strength: { value: 20, unit: 'mg' } } }).content.order.medication.display).toBe('lisinopril 20 mg');
  });

  it('When overrides name codes that are not high findings, then they are left out of the signed content', () => {
    const prepared = prepareSignature(record(), { kb, ...ctx, overrides: [{ code: 'DDI:not-present', reason: 'x' }] });
    expect(prepared.content.screening.overrides).toEqual([]);
  });
});
