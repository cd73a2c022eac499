import { REFERRAL_TASKS } from '../../src/workflows/shared/referral.js';
import { type TestUser } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { createReferralClinic, openTask, type ReferralClinic, untilStatus } from './support.js';

let stack: TestStack;
let clinic: ReferralClinic;
let accepted: string;
let received: string;
let outsider: TestUser;
let deptNurse: TestUser;

beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  clinic = await createReferralClinic(stack);
  outsider = await clinic.tenant.addUser('physician', { practitionerId: await clinic.tenant.addPractitioner() });
  deptNurse = await clinic.tenant.addUser('nurse', { practitionerId: await clinic.tenant.addPractitioner({ kind: 'nurse' }) });
  await clinic.tenant.scoped((trx) => trx('department_members').insert({ tenant_id: clinic.tenant.id, department_id: clinic.referringDepartmentId, user_id: deptNurse.id }));
  // One referral of the patient user's own record, accepted (waiting to be booked); one still in triage.
  accepted = (await clinic.refer({ patientId: clinic.tenant.ownPatientId })).body.id;
  await openTask(stack, accepted, REFERRAL_TASKS.triage.type);
  expect((await clinic.call('POST', `/api/v1/referrals/${accepted}/accept`, clinic.specialist, {})).status).toBe(200);
  await untilStatus(stack, accepted, 'accepted');
  received = (await clinic.refer()).body.id;
  await untilStatus(stack, received, 'received');
});
afterAll(() => stack.close());

const get = (id: string, user: TestUser | string) => clinic.call('GET', `/api/v1/referrals/${id}`, user);
const token = (role: 'admin' | 'scheduler' | 'nurse' | 'ops' | 'patient') => clinic.tenant.token(role);

describe('who sees a referral', () => {
  it('When the referring physician, their department’s nurse or the receiving physician read it, then they see the clinical content and the timeline', async () => {
    for (const user of [clinic.referrer, deptNurse, clinic.specialist]) {
      const res = await get(accepted, user);
      expect({ status: res.status, reason: res.body.reason, stages: res.body.timeline?.length }).toEqual({ status: 200, reason: 'Exertional chest pain for three weeks', stages: 2 });
    }
  });

  it('When a physician or nurse outside both departments reads it, then it is not found, and the denial is audited', async () => {
    expect((await get(accepted, outsider)).status).toBe(404);
    expect((await get(accepted, token('nurse'))).status).toBe(404);
    const denied = await stack.ownerDb('audit_events').where({ tenant_id: clinic.tenant.id, entity_id: accepted, actor_id: outsider.id, outcome: 'denied' });
    expect(denied.length).toBeGreaterThan(0);
    const list = await clinic.call('GET', '/api/v1/referrals', token('nurse'));
    expect({ status: list.status, items: list.body.items }).toEqual({ status: 200, items: [] });
  });

  it('When a scheduler reads referrals, then they see those waiting to be booked without clinical content, and not those in triage', async () => {
    const res = await get(accepted, token('scheduler'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', patientId: clinic.tenant.ownPatientId, targetDepartmentId: clinic.receivingDepartmentId });
    expect(res.body).not.toHaveProperty('reason');
    expect(res.body).not.toHaveProperty('clinicalQuestion');
    expect(res.body).not.toHaveProperty('documents');
    expect((await get(received, token('scheduler'))).status).toBe(404);
  });

  it('When an administrator reads it, then they see where it stands but not the clinical content', async () => {
    const res = await get(accepted, token('admin'));
    expect(res.status).toBe(200);
    expect(res.body.timeline).toHaveLength(2);
    expect(res.body).not.toHaveProperty('reason');
    expect(res.body).not.toHaveProperty('notes');
  });

  it('When the patient reads their own referral, then they see its status only; another patient’s is not found', async () => {
    const own = await get(accepted, token('patient'));
    expect(own.status).toBe(200);
    expect(Object.keys(own.body).sort()).toEqual(['acceptedAt', 'appointmentId', 'bookedAt', 'cancelledAt', 'closedAt', 'createdAt', 'id', 'patientId', 'seenAt', 'sentAt', 'status', 'tenantId', 'urgency'].sort());
    expect((await get(received, token('patient'))).status).toBe(404);
  });

  it('When ops read it, then they see the workflow state and timing, not who the patient is or why', async () => {
    const res = await get(accepted, token('ops'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', stage: 'scheduling', workflowId: `referral-${accepted}` });
    for (const field of ['patientId', 'reason', 'referringPractitionerId', 'targetDepartmentId', 'history']) expect(res.body).not.toHaveProperty(field);
    expect((await clinic.call('GET', `/api/v1/referrals?patientId=${clinic.patientId}`, token('ops'))).status).toBe(403);
  });

  it('When ops ask for the workflow’s live state, then they get its stage, open tasks and timers; clinicians use the referral itself', async () => {
    const res = await clinic.call('GET', `/api/v1/referrals/${accepted}/workflow`, token('ops'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ workflowId: `referral-${accepted}`, state: { status: 'accepted', stage: 'scheduling', finished: false } });
    expect(res.body.state.timers).toEqual([expect.objectContaining({ name: 'booking-due' })]);
    expect((await clinic.call('GET', `/api/v1/referrals/${accepted}/workflow`, clinic.referrer)).status).toBe(403);
  });

  it('When an integration key calls the referral API, then it is forbidden', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/referrals/${accepted}`, { headers: { 'x-api-key': clinic.tenant.apiKey } });
    expect(res.status).toBe(403);
  });

  it('When physicians list by direction, then "sent" and "received" follow their own and their departments’ referrals', async () => {
    const ids = async (user: TestUser, direction: string) => (await clinic.call('GET', `/api/v1/referrals?direction=${direction}`, user)).body.items.map((r: { id: string }) => r.id);
    expect(await ids(clinic.referrer, 'sent')).toEqual(expect.arrayContaining([accepted, received]));
    expect(await ids(clinic.referrer, 'received')).toEqual([]);
    expect(await ids(clinic.specialist, 'received')).toEqual(expect.arrayContaining([accepted, received]));
    expect(await ids(clinic.specialist, 'sent')).toEqual([]);
  });
});

describe('who acts on a referral', () => {
  it('When someone other than the receiving side decides the triage, then it is refused: 404 if they cannot see it, 403 if they can', async () => {
    expect((await clinic.call('POST', `/api/v1/referrals/${received}/accept`, outsider, {})).status).toBe(404);
    expect((await clinic.call('POST', `/api/v1/referrals/${received}/accept`, clinic.referrer, {})).status).toBe(403);
    expect((await clinic.call('POST', `/api/v1/referrals/${received}/accept`, deptNurse, {})).status).toBe(403);
    expect((await clinic.call('POST', `/api/v1/referrals/${received}/request-info`, clinic.referrer, { question: 'x' })).status).toBe(403);
  });

  it('When a scheduler, patient or ops user tries to cancel, then it is forbidden; the receiving physician may not cancel either', async () => {
    for (const who of [token('scheduler'), token('patient'), token('ops')]) {
      expect((await clinic.call('POST', `/api/v1/referrals/${accepted}/cancel`, who, { reason: 'x' })).status).toBe(403);
    }
    expect((await clinic.call('POST', `/api/v1/referrals/${accepted}/cancel`, clinic.specialist, {})).status).toBe(403);
  });

  it('When figures are asked for, then administrators and ops get them and schedulers and patients do not', async () => {
    const path = `/api/v1/referrals/stats?from=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;
    expect((await clinic.call('GET', path, token('ops'))).body).toMatchObject({ sent: 2 });
    expect((await clinic.call('GET', path, token('admin'))).status).toBe(200);
    expect((await clinic.call('GET', path, token('scheduler'))).status).toBe(403);
    expect((await clinic.call('GET', path, token('patient'))).status).toBe(403);
  });
});
