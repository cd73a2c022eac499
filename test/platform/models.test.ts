import { withTenant } from '../../src/db/tenant-scope.js';
import { Patient } from '../../src/registry/patients/patient-model.js';
import { createTestTenant, type TestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';

let stack: TestStack;
let clinic: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  stack = await startTestStack();
  [clinic, other] = await Promise.all([createTestTenant(stack), createTestTenant(stack)]);
});
afterAll(() => stack.close());

describe('Objection models', () => {
  it('When a model is queried without a transaction, then it refuses instead of running outside a tenant', async () => {
    await expect(Patient.query().limit(1)).rejects.toThrow(/no database connection/i);
  });

  it('When a patient is read through its model, then the record is plain JSON: a calendar date, ISO timestamps, camelCase fields', async () => {
    const id = await clinic.addPatient({ birth_date: '1980-02-03', responsible_party_name: 'Ann Lee', responsible_party_relationship: 'mother', responsible_party_email: 'ann@example.test' });
    const patient = await withTenant(stack.db, clinic.id, async (trx) => Patient.query(trx).findById(id));
    const record = patient!.toRecord<Record<string, unknown>>();
    expect(record).toMatchObject({ id, tenantId: clinic.id, birthDate: '1980-02-03', responsibleParty: { name: 'Ann Lee', relationship: 'mother', mobileE164: null, email: 'ann@example.test' } });
    expect(record.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(record).filter((k) => k.includes('_'))).toEqual([]);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('When the responsible party is patched to null, then its four columns are cleared', async () => {
    const id = await clinic.addPatient({ responsible_party_name: 'Ann Lee', responsible_party_mobile_e164: '+15555550111' });
    await withTenant(stack.db, clinic.id, async (trx) => Patient.query(trx).patch({ responsibleParty: null }).where('id', id));
    const row = await stack.ownerDb('patients').where({ id }).first();
    expect(row).toMatchObject({ responsible_party_name: null, responsible_party_relationship: null, responsible_party_mobile_e164: null, responsible_party_email: null });
  });

  it('When a model queries under one tenant, then row-level security hides the other tenant’s rows', async () => {
    const theirs = await other.addPatient();
    const seen = await withTenant(stack.db, clinic.id, async (trx) => Patient.query(trx).findById(theirs));
    expect(seen).toBeUndefined();
    const ownCount = await withTenant(stack.db, other.id, async (trx) => Patient.query(trx).resultSize());
    expect(ownCount).toBeGreaterThan(0);
  });
});
