import { REFERRAL_TASKS, referralWorkflowId } from '../../src/workflows/shared/referral.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { createReferralClinic, openTask, type ReferralClinic, referralRow, untilStatus } from './support.js';

let stack: TestStack;
let clinic: ReferralClinic;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createReferralClinic(stack);
});
afterAll(() => stack.close());

const countFor = async (patientId: string) => Number((await stack.ownerDb('referrals').where({ patient_id: patientId }).count<{ count: string }[]>('* as count'))[0]!.count);

describe('creating a referral', () => {
  it('When the same request is resubmitted with the same Idempotency-Key, then the first answer comes back and only one referral and workflow exist', async () => {
    const patient = await clinic.addPatient();
    const headers = { 'idempotency-key': `ref-${patient.id}` };
    const first = await clinic.refer({ patientId: patient.id }, clinic.referrer, headers);
    const second = await clinic.refer({ patientId: patient.id }, clinic.referrer, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect(await countFor(patient.id)).toBe(1);

    const changed = await clinic.refer({ patientId: patient.id, urgency: 'urgent' }, clinic.referrer, headers);
    expect(changed.status).toBe(422);
    expect(await countFor(patient.id)).toBe(1);
  });

  it('When a referral is stored, then its clinical text and document descriptions are sealed at rest and only IDs reach Temporal', async () => {
    const res = await clinic.refer();
    const row = await referralRow(stack, res.body.id);
    expect(row.clinical_sealed).not.toMatch(/chest|angina/i);
    const doc = await stack.ownerDb('referral_documents').where({ referral_id: res.body.id }).first();
    expect(doc).toMatchObject({ kind: 'clinical-note', reference: 'DocumentReference/ecg-2026-11-20' });
    expect(doc.content_sealed).not.toContain('Sinus');
    const description = await stack.temporal.workflow.getHandle(referralWorkflowId(res.body.id)).describe();
    expect(description.workflowId).toBe(`referral-${res.body.id}`);
    expect(JSON.stringify(description.searchAttributes)).not.toMatch(/chest|angina|Patient/);
  });

  it('When a draft is saved, then no workflow runs until it is released', async () => {
    const draft = await clinic.refer({ draft: true });
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe('draft');
    await expect(stack.temporal.workflow.getHandle(referralWorkflowId(draft.body.id)).describe()).rejects.toThrow();
    expect((await clinic.call('GET', `/api/v1/referrals/${draft.body.id}`, clinic.specialist)).status).toBe(404);

    const released = await clinic.call('POST', `/api/v1/referrals/${draft.body.id}/release`, clinic.referrer);
    expect(released.status).toBe(200);
    expect(released.body.status).toBe('sent');
    await openTask(stack, draft.body.id, REFERRAL_TASKS.triage.type);
    await untilStatus(stack, draft.body.id, 'received');
    expect((await clinic.call('POST', `/api/v1/referrals/${draft.body.id}/release`, clinic.referrer)).status).toBe(409);
  });

  it('When a referral names a target of another kind, then a practitioner target routes to that practitioner and an unknown specialty is refused', async () => {
    const toPractitioner = await clinic.refer({ target: { kind: 'practitioner', practitionerId: clinic.specialist.practitionerId } });
    expect(toPractitioner.status).toBe(201);
    const triage = await openTask(stack, toPractitioner.body.id, REFERRAL_TASKS.triage.type);
    expect(triage.owner_user_id).toBe(clinic.specialist.id);

    const unknown = await clinic.refer({ target: { kind: 'specialty', specialty: 'Astrology' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ pointer: '/body/target/specialty', detail: 'no department of this specialty' }]);
  });

  it('When a referral goes to an outside organisation, then the referring clinician records its answer', async () => {
    const res = await clinic.refer({ target: { kind: 'external', organisation: { name: 'City Sleep Centre', fax: '+1 555 010 0199' } }, externalReferralNumber: 'CSC-2026-0042' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ targetKind: 'external', externalOrganisation: { name: 'City Sleep Centre' }, externalReferralNumber: 'CSC-2026-0042' });
    const triage = await openTask(stack, res.body.id, REFERRAL_TASKS.triage.type);
    expect(triage.owner_user_id).toBe(clinic.referrer.id);
    expect((await clinic.call('POST', `/api/v1/referrals/${res.body.id}/accept`, clinic.referrer, {})).status).toBe(200);
    const report = await openTask(stack, res.body.id, REFERRAL_TASKS.report.type);
    expect(report.owner_user_id).toBe(clinic.referrer.id);
  });
});

describe('booking for a referral', () => {
  it('When a booking names a referral, then only this tenant’s referral of the same patient, waiting to be booked, is accepted', async () => {
    const { assertReferralBookable } = await import('../../src/referrals/booking-check.js');
    const id = (await clinic.refer()).body.id as string;
    await untilStatus(stack, id, 'received');
    const check = (referralId: string, patientId: string) => clinic.tenant.scoped((trx) => assertReferralBookable(trx, referralId, patientId));
    await expect(check(id, clinic.patientId)).rejects.toMatchObject({ status: 409, extras: { reason: 'referral-not-bookable' } });
    await expect(check(id, (await clinic.addPatient()).id)).rejects.toMatchObject({ status: 422 });
    const other = await createReferralClinic(stack);
    const foreign = (await other.refer()).body.id as string;
    await expect(check(foreign, clinic.patientId)).rejects.toMatchObject({ status: 422 });
    await openTask(stack, id, REFERRAL_TASKS.triage.type);
    expect((await clinic.call('POST', `/api/v1/referrals/${id}/accept`, clinic.specialist, {})).status).toBe(200);
    await expect(check(id, clinic.patientId)).resolves.toBeUndefined();
  });
});
