import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { createOrder, events, openTasks, report, submitOru, waitForTask } from './routing-helpers.js';
import { createLabTenant, eventually, labMessaging, type LabTenant, SODIUM, unique } from './support.js';

let stack: TestStack;
let lab: LabTenant;
let messaging: Awaited<ReturnType<typeof labMessaging>>;
beforeAll(async () => {
  stack = await startTestStack();
  messaging = await labMessaging(stack);
  await stack.startWorker(messaging.overrides);
  lab = await createLabTenant(stack);
});
afterAll(async () => {
  await stack.close();
  await messaging.close();
});

const normalSodium = [{ code: SODIUM, value: '139', units: 'mmol/L', range: '136-145', flags: 'N' }];

describe('matching a result to its patient and ordering physician', () => {
  it('When the placer order number names an order, then the result is matched by order and a review task goes to the orderer', async () => {
    const order = await createOrder(stack, lab);
    const reportId = await submitOru(stack, lab, {
      pid3: `LAB-${unique()}^^^NORTHWIND_LAB^PI`,
      placer: order.placerOrderNumber,
      filler: `ACC-${unique()}`,
      obx: normalSodium,
    });
    const task = await waitForTask(stack, reportId, 'lab-result-review');
    expect(task.owner_user_id).toBe(lab.orderer.user.id);
    expect(task.category).toBe('sign-off');
    expect(await report(stack, reportId)).toMatchObject({ match_status: 'matched', matched_by: 'order', patient_id: lab.patient.id, lab_order_id: order.id, classification: 'normal' });
    const resulted = await stack.ownerDb('lab_orders').where({ id: order.id }).first();
    expect(resulted.status).toBe('resulted');
  });

  it('When there is no order number, then the MRN under the tenant’s assigning authority matches the patient and the NPI the orderer', async () => {
    const reportId = await submitOru(stack, lab, {
      pid3: `${lab.patient.mrn}^^^${lab.authority}^MR~555-00-0000^^^USSSA^SS`,
      filler: `ACC-${unique()}`,
      providerNpi: lab.orderer.npi,
      obx: normalSodium,
    });
    await waitForTask(stack, reportId, 'lab-result-review');
    expect(await report(stack, reportId)).toMatchObject({ match_status: 'matched', matched_by: 'identifier', patient_id: lab.patient.id, ordering_practitioner_id: lab.orderer.practitionerId });
  });

  it('When the MRN comes under another assigning authority, then it is not matched but queued for reconciliation, and a nurse’s match routes it', async () => {
    const reportId = await submitOru(stack, lab, {
      pid3: `${lab.patient.mrn}^^^OTHER_HOSPITAL^MR`,
      filler: `ACC-${unique()}`,
      providerNpi: lab.orderer.npi,
      obx: normalSodium,
    });
    const task = await waitForTask(stack, reportId, 'lab-result-reconciliation');
    expect(task.owner_user_id).toBeNull();
    expect(task.pool_id).not.toBeNull();
    const current = await report(stack, reportId);
    expect(current).toMatchObject({ match_status: 'unmatched', patient_id: null });
    expect((await events(stack, reportId, 'unmatched'))[0].details).toMatchObject({ reason: 'no-order-or-identifier' });
    expect(await openTasks(stack, reportId, 'lab-result-review')).toHaveLength(0);

    // Nurses work the queue; they see the unmatched result, but a physician of another department sees no matched one of it.
    const seen = await api(stack.baseUrl, 'GET', `/api/v1/lab-results/${reportId}`, { token: lab.tenant.token('nurse') });
    expect(seen.status).toBe(200);
    const refused = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/reconcile`, {
      token: lab.tenant.token('nurse'),
      body: { patientId: lab.patient.id, orderingPractitionerId: lab.tenant.users.admin.id },
    });
    expect(refused.status).toBe(422);
    const reconciled = await api(stack.baseUrl, 'POST', `/api/v1/lab-results/${reportId}/reconcile`, {
      token: lab.tenant.token('nurse'),
      body: { patientId: lab.patient.id, orderingPractitionerId: lab.orderer.practitionerId },
    });
    expect(reconciled.status).toBe(200);
    const review = await waitForTask(stack, reportId, 'lab-result-review');
    expect(review.owner_user_id).toBe(lab.orderer.user.id);
    expect(await report(stack, reportId)).toMatchObject({ match_status: 'matched', matched_by: 'reconciliation', patient_id: lab.patient.id });
  });

  it('When the order and the identifiers point to different patients, then it is ambiguous and never guessed', async () => {
    const otherMrn = `MRN${unique()}`;
    await lab.tenant.addPatient({ mrn: otherMrn });
    const order = await createOrder(stack, lab);
    const reportId = await submitOru(stack, lab, {
      pid3: `${otherMrn}^^^${lab.authority}^MR`,
      placer: order.placerOrderNumber,
      filler: `ACC-${unique()}`,
      obx: normalSodium,
    });
    await waitForTask(stack, reportId, 'lab-result-reconciliation');
    const current = await eventually(async () => {
      const row = await report(stack, reportId);
      return row.match_status === 'ambiguous' ? row : undefined;
    });
    expect(current.patient_id).toBeNull();
  });
});
