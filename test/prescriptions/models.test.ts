import { randomUUID } from 'node:crypto';
import { fn } from 'objection';
import { Pharmacy } from '../../src/prescriptions/clinical-data/pharmacy-model.js';
import { PrescriptionTransmission } from '../../src/prescriptions/requests/prescription-history-model.js';
import { insertPrescription, loadPrescription, updatePrescription } from '../../src/prescriptions/requests/prescription-repository.js';
import { recordEvent } from '../../src/prescriptions/requests/prescription-history.js';
import { createTestTenant, type TestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { LISINOPRIL } from './support.js';

let stack: TestStack;
let clinic: TestTenant;
beforeAll(async () => {
  stack = await startTestStack();
  clinic = await createTestTenant(stack);
});
afterAll(() => stack.close());

/** A new request as create-prescription records it (lisinopril 10 mg, one tablet daily). */
async function newRequest(): Promise<string> {
  const id = randomUUID();
  const patientId = await clinic.addPatient();
  const prescriberId = await clinic.addPractitioner({ kind: 'physician', can_prescribe: true });
  await clinic.scoped((trx) =>
    insertPrescription(trx, {
      id,
      tenantId: clinic.id,
      workflowId: `prescription-${id}`,
      patientId,
      kind: 'new',
      origin: 'nurse',
      requestedBy: { type: 'user', id: randomUUID(), role: 'nurse' },
      prescriberId,
      pharmacyId: null,
      medication: { rxcui: LISINOPRIL, display: 'lisinopril 10 mg', deaSchedule: null },
      strength: { value: 10, unit: 'mg' },
      dose: { value: 1, unit: 'tablet' },
      route: 'oral',
      timing: { frequency: 1, period: 1, periodUnit: 'd' },
      asNeeded: null,
      sig: 'Take 1 tablet by mouth once daily',
      quantity: { value: 30, unit: 'tablet' },
      refills: 2,
      daysSupply: 30,
      indication: null,
      substitutionAllowed: true,
      noteToPharmacist: null,
    }),
  );
  return id;
}

describe('Prescription models', () => {
  it('When a request is written through its model, then its objects land in their flat columns and read back as the record', async () => {
    const id = await newRequest();
    const row = await stack.ownerDb('prescriptions').where({ id }).first();
    expect(row).toMatchObject({ requested_by_type: 'user', requested_by_role: 'nurse', rxcui: LISINOPRIL, medication_display: 'lisinopril 10 mg', strength_value: 10, strength_unit: 'mg', frequency: 1, period_unit: 'd', quantity_value: 30 });
    const record = await clinic.scoped((trx) => loadPrescription(trx, id));
    expect(record).toMatchObject({
      requestedBy: { type: 'user', role: 'nurse' },
      requestedById: row.requested_by_id,
      medication: { rxcui: LISINOPRIL, display: 'lisinopril 10 mg', deaSchedule: null },
      controlled: false,
      strength: { value: 10, unit: 'mg' },
      timing: { frequency: 1, period: 1, periodUnit: 'd' },
      findings: [],
      knowledgeBaseVersion: null,
      decision: null,
    });
    expect(Object.keys(record!).filter((k) => k.includes('_') || ['kbVersion', 'rxcui', 'strengthValue', 'decisionReason'].includes(k))).toEqual([]);
  });

  it('When a decision is written with the database time, then outcome, reason and time are set and read back as one object', async () => {
    const id = await newRequest();
    await clinic.scoped((trx) => updatePrescription(trx, id, { status: 'denied', decision: { outcome: 'denied', reason: 'duplicate therapy', decidedAt: fn.now() }, dose: null }));
    const row = await stack.ownerDb('prescriptions').where({ id }).first();
    expect(row).toMatchObject({ status: 'denied', decision: 'denied', decision_reason: 'duplicate therapy', dose_value: null, dose_unit: null });
    expect(row.decided_at).toBeInstanceOf(Date);
    const record = await clinic.scoped((trx) => loadPrescription(trx, id));
    expect(record).toMatchObject({ dose: null, decision: { outcome: 'denied', reason: 'duplicate therapy', decidedAt: row.decided_at.toISOString() } });
  });

  it('When a step is recorded twice under one key, then the second call says it was already recorded', async () => {
    const id = await newRequest();
    const event = { tenantId: clinic.id, prescriptionId: id, key: 'screened:1', kind: 'screened', actor: { type: 'system', id: 'test' }, details: { round: 1 } };
    expect(await clinic.scoped((trx) => recordEvent(trx, event))).toBe(true);
    expect(await clinic.scoped((trx) => recordEvent(trx, event))).toBe(false);
    expect(await stack.ownerDb('prescription_events').where({ prescription_id: id })).toEqual([expect.objectContaining({ actor_type: 'system', actor_id: 'test', details: { round: 1 } })]);
  });

  it('When a transmission round has no error, then `error` is null; `error: null` clears the three columns', async () => {
    const id = await newRequest();
    await clinic.scoped(async (trx) => {
      const { id: pharmacyId } = await Pharmacy.query(trx).insert({ tenantId: clinic.id, name: 'Test pharmacy', transport: 'dev' });
      await PrescriptionTransmission.query(trx).insert({ tenantId: clinic.id, prescriptionId: id, round: 1, pharmacyId, transport: 'dev', error: { kind: 'transient', code: 'timeout', detail: null } });
      expect((await PrescriptionTransmission.query(trx).where('prescription_id', id).first())?.error).toEqual({ kind: 'transient', code: 'timeout', detail: null });
      await PrescriptionTransmission.query(trx).patch({ error: null }).where('prescription_id', id);
      expect((await PrescriptionTransmission.query(trx).where('prescription_id', id).first())?.error).toBeNull();
    });
  });
});
