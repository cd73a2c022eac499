import { createLabIngestion, type LabIngestion } from '../../src/lab-results/inbox/ingestion.js';
import { loadLabPolicy } from '../../src/lab-results/settings/lab-settings.js';
import { createLogger } from '../../src/logging/logger.js';
import { api } from '../support/http.js';
import { createTestTenant, type TestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { ackFields } from './mllp-client.js';
import { report, submitOru, waitForTask } from './routing-helpers.js';
import { buildOru, createLabTenant, labMessaging, type LabTenant, SODIUM, unique } from './support.js';

let stack: TestStack;
let lab: LabTenant;
let other: TestTenant;
let ingestion: LabIngestion;
let messaging: Awaited<ReturnType<typeof labMessaging>>;
beforeAll(async () => {
  stack = await startTestStack();
  messaging = await labMessaging(stack);
  await stack.startWorker(messaging.overrides);
  lab = await createLabTenant(stack);
  other = await createTestTenant(stack);
  // The MLLP path without a socket (the listener is mllp.test.ts's subject): store and answer only.
  ingestion = createLabIngestion({
    db: stack.db,
    temporal: stack.temporal,
    taskQueue: stack.config.temporal.taskQueue,
    logger: createLogger({ level: 'silent', name: 'test' }),
    processAfterAck: false,
  });
});
afterAll(async () => {
  await stack.close();
  await messaging.close();
});

const admin = () => lab.tenant.token('admin');
const call = (method: string, path: string, token: string, body?: unknown) => api(stack.baseUrl, method, path, { token, body });
const auditOf = (entityType: string, entityId: string) =>
  stack.ownerDb('audit_events').where({ tenant_id: lab.tenant.id, entity_type: entityType, entity_id: entityId }).orderBy('seq').select('action', 'actor_role', 'details', 'outcome');

/** An ORU^R01 for the tenant's patient from `facility`. */
const oruFrom = (facility: string) =>
  buildOru({
    facility,
    controlId: `CFG-${unique()}`,
    pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`,
    filler: `ACC-${unique()}`,
    providerNpi: lab.orderer.npi,
    obx: [{ code: SODIUM, value: '139', units: 'mmol/L', range: '136-145', flags: 'N' }],
  });

async function overHttp(raw: string): Promise<string> {
  const res = await api(stack.baseUrl, 'POST', '/api/v1/lab-results/hl7', { body: raw, headers: { 'content-type': 'x-application/hl7-v2+er7', 'x-api-key': lab.tenant.apiKey } });
  return ackFields(res.body as string).code;
}

describe('lab integrations', () => {
  it('When an administrator allow-lists a lab, then its next message is accepted for the tenant over HTTP and MLLP, and after deactivation refused as an unknown sender', async () => {
    const facility = `NEW_LAB_${unique()}`;
    expect(await overHttp(oruFrom(facility))).toBe('AR');
    expect((await ingestion.receiveHl7(oruFrom(facility), 'mllp')).ackCode).toBe('AR');

    const created = await call('POST', '/api/v1/lab-integrations', admin(), {
      name: 'New reference lab',
      sendingFacility: facility,
      apiKeyId: lab.tenant.apiKeyId,
      patientIdAuthorities: [lab.authority, lab.authority],
      defaultTimezoneOffset: '-0500',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tenantId: lab.tenant.id, sendingFacility: facility, sendingApplication: null, patientIdAuthorities: [lab.authority], active: true });
    const id = created.body.id as string;

    expect(await overHttp(oruFrom(facility))).toBe('AA');
    const overMllp = await ingestion.receiveHl7(oruFrom(facility), 'mllp');
    expect(overMllp.ackCode).toBe('AA');
    expect((await stack.ownerDb('hl7_inbox').where({ id: overMllp.stored!.id }).first()).integration_id).toBe(id);
    expect((await call('GET', `/api/v1/lab-integrations/${id}`, lab.tenant.token('ops'))).body).toMatchObject({ id, active: true });

    const deactivated = await call('PATCH', `/api/v1/lab-integrations/${id}`, admin(), { active: false });
    expect(deactivated.body).toMatchObject({ id, active: false });
    expect(await overHttp(oruFrom(facility))).toBe('AR');
    const refused = await ingestion.receiveHl7(oruFrom(facility), 'mllp');
    expect(ackFields(refused.ack)).toMatchObject({ code: 'AR', text: 'Sending facility is not authorised' });
    const listed = await call('GET', '/api/v1/lab-integrations?active=false', admin());
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(id);

    const trail = await auditOf('LabIntegration', id);
    expect(trail.map((e) => [e.action, e.actor_role, e.outcome])).toEqual([
      ['create', 'admin', 'allowed'],
      ['update', 'admin', 'allowed'],
    ]);
    expect(trail[1].details).toEqual({ fields: ['active'], active: false });
  });

  it('When another tenant names this tenant’s integration or its sender, then it is not found, and the sender is refused (409) as taken', async () => {
    const theirs = other.token('admin');
    expect((await call('GET', `/api/v1/lab-integrations/${lab.integrationId}`, theirs)).status).toBe(404);
    const patched = await call('PATCH', `/api/v1/lab-integrations/${lab.integrationId}`, theirs, { active: false });
    expect(patched.status).toBe(404);
    expect(patched.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('GET', '/api/v1/lab-integrations', theirs)).body.items).toEqual([]);

    // The same sender, or a narrower one (adding MSH-6) that would take this tenant's messages.
    for (const sender of [{ sendingApplication: 'NW_LIS' }, { sendingApplication: 'NW_LIS', receivingFacility: 'THEIR_CLINIC' }]) {
      const taken = await call('POST', '/api/v1/lab-integrations', theirs, { name: 'Hijack', sendingFacility: lab.facility, ...sender });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ status: 409, code: 'sender-taken' });
    }
    // Within the tenant, the same sender twice is a conflict too.
    expect((await call('POST', '/api/v1/lab-integrations', admin(), { name: 'Twice', sendingFacility: lab.facility, sendingApplication: 'NW_LIS' })).status).toBe(409);
    // Another tenant's service account cannot be named.
    const foreignKey = await call('POST', '/api/v1/lab-integrations', theirs, { name: 'Keyed', sendingFacility: `K_${unique()}`, apiKeyId: lab.tenant.apiKeyId });
    expect(foreignKey.status).toBe(422);
    expect(foreignKey.body.errors).toEqual([{ pointer: '/body/apiKeyId', detail: expect.any(String) }]);
  });

  it('When the body is malformed, then the answer is 400 problem+json naming the field', async () => {
    const res = await call('POST', '/api/v1/lab-integrations', admin(), { name: 'Bad', sendingFacility: 'LAB|X', defaultTimezoneOffset: '0500', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/body/sendingFacility', '/body/defaultTimezoneOffset']));
    expect((await call('PATCH', `/api/v1/lab-integrations/${lab.integrationId}`, admin(), {})).status).toBe(400);
  });
});

describe('critical ranges', () => {
  it('When an administrator sets a code’s critical range, then the next result beyond it is critical though the lab flagged it only L, and after removal it is not', async () => {
    const put = await call('PUT', `/api/v1/lab-critical-ranges/${SODIUM}`, admin(), { low: 136, high: 145, criticalLow: 120, criticalHigh: 160, units: 'mmol/L' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ loincCode: SODIUM, low: 136, high: 145, criticalLow: 120, criticalHigh: 160, units: 'mmol/L' });
    // What routing reads is what was set.
    expect((await lab.tenant.scoped((trx) => loadLabPolicy(trx, 60))).criticalRanges[SODIUM]).toEqual({ low: 136, high: 145, criticalLow: 120, criticalHigh: 160, units: 'mmol/L' });

    const lowSodium = () => ({ pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`, filler: `ACC-${unique()}`, providerNpi: lab.orderer.npi, obx: [{ code: SODIUM, value: '118', units: 'mmol/L', range: '136-145', flags: 'L' }] });
    const critical = await submitOru(stack, lab, lowSodium());
    await waitForTask(stack, critical, 'critical-result-ack');
    expect((await report(stack, critical)).classification).toBe('critical');

    // Clinicians read the list; it changes with a replacement.
    for (const role of ['physician', 'nurse'] as const) {
      expect((await call('GET', '/api/v1/lab-critical-ranges', lab.tenant.token(role))).body.items).toContainEqual(expect.objectContaining({ loincCode: SODIUM, criticalLow: 120 }));
    }
    const replaced = await call('PUT', `/api/v1/lab-critical-ranges/${SODIUM}`, admin(), { criticalLow: 115 });
    expect(replaced.body).toEqual({ loincCode: SODIUM, low: null, high: null, criticalLow: 115, criticalHigh: null, units: null });

    expect((await call('DELETE', `/api/v1/lab-critical-ranges/${SODIUM}`, admin())).status).toBe(204);
    expect((await call('DELETE', `/api/v1/lab-critical-ranges/${SODIUM}`, admin())).status).toBe(404);
    const abnormal = await submitOru(stack, lab, lowSodium());
    await waitForTask(stack, abnormal, 'lab-result-review');
    expect((await report(stack, abnormal)).classification).toBe('abnormal');

    // The second delete's 404 is a recorded denial.
    expect((await auditOf('LabCriticalRange', SODIUM)).map((e) => [e.action, e.outcome])).toEqual([
      ['create', 'allowed'],
      ['update', 'allowed'],
      ['delete', 'allowed'],
      ['delete', 'denied'],
    ]);
  });

  it('When the limits are out of order, then 422 names the limit; a bad code or body is 400; nothing is stored', async () => {
    const outOfOrder = await call('PUT', '/api/v1/lab-critical-ranges/2823-3', admin(), { criticalLow: 4, low: 3.5, high: 5.1, criticalHigh: 6.2 });
    expect(outOfOrder.status).toBe(422);
    expect(outOfOrder.headers.get('content-type')).toContain('application/problem+json');
    expect(outOfOrder.body.errors).toEqual([{ pointer: '/body/low', detail: 'must not be less than criticalLow' }]);
    expect((await call('PUT', '/api/v1/lab-critical-ranges/2823-3', admin(), { high: 5, criticalHigh: 4 })).status).toBe(422);
    expect((await call('PUT', '/api/v1/lab-critical-ranges/2823-4', admin(), { low: 1 })).status).toBe(400);
    expect((await call('PUT', '/api/v1/lab-critical-ranges/2823-3', admin(), { units: 'mmol/L' })).status).toBe(400);
    expect((await call('PUT', '/api/v1/lab-critical-ranges/2823-3', admin(), { low: '3.5' })).status).toBe(400);
    expect(await stack.ownerDb('lab_critical_ranges').where({ tenant_id: lab.tenant.id, loinc_code: '2823-3' })).toEqual([]);
  });

  it('When a nurse or a physician tries to change lab configuration, then 403, though they read what governs their work', async () => {
    for (const role of ['nurse', 'physician'] as const) {
      const token = lab.tenant.token(role);
      expect((await call('PUT', '/api/v1/lab-critical-ranges/2823-3', token, { low: 3.5 })).status).toBe(403);
      expect((await call('PATCH', '/api/v1/lab-settings', token, { reconciliationDueSeconds: 60 })).status).toBe(403);
      expect((await call('POST', '/api/v1/lab-integrations', token, { name: 'X', sendingFacility: `X_${unique()}` })).status).toBe(403);
      expect((await call('GET', '/api/v1/lab-integrations', token)).status).toBe(403);
    }
    expect((await call('GET', '/api/v1/lab-settings', lab.tenant.token('physician'))).status).toBe(200);
    expect((await call('GET', '/api/v1/lab-settings', lab.tenant.token('nurse'))).status).toBe(403);
    const denied = await stack.ownerDb('audit_events').where({ tenant_id: lab.tenant.id, outcome: 'denied', entity_type: 'LabCriticalRange' }).first();
    expect(denied).toBeDefined();
  });
});

describe('lab settings', () => {
  it('When an administrator changes the timings, then they are validated, the view shows defaults and overrides, and routing reads them', async () => {
    const before = await call('GET', '/api/v1/lab-settings', admin());
    expect(before.body).toMatchObject({ criticalAckDeadlineSeconds: 60, escalationStepSeconds: [600, 600, 600], reviewDueSeconds: { normal: 259_200, abnormal: 86_400, critical: 14_400 } });

    const tooSlow = await call('PATCH', '/api/v1/lab-settings', admin(), { escalationStepSeconds: [20, 20, 20] });
    expect(tooSlow.status).toBe(422);
    expect(tooSlow.body.errors[0].pointer).toBe('/body/escalationStepSeconds');
    expect((await call('PATCH', '/api/v1/lab-settings', admin(), { criticalAckDeadlineSeconds: 0 })).status).toBe(400);
    expect((await call('PATCH', '/api/v1/lab-settings', admin(), { reviewDueSeconds: { urgent: 60 } })).status).toBe(400);
    expect((await call('PATCH', '/api/v1/lab-settings', admin(), {})).status).toBe(400);

    const changed = await call('PATCH', '/api/v1/lab-settings', admin(), { criticalAckDeadlineSeconds: 1800, escalationStepSeconds: [300, 300, 600], reviewDueSeconds: { abnormal: 7200 } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      criticalAckDeadlineSeconds: 1800,
      escalationStepSeconds: [300, 300, 600],
      reviewDueSeconds: { normal: 259_200, abnormal: 7200, critical: 14_400 },
      overrides: { criticalAckDeadlineSeconds: 1800, escalationStepSeconds: [300, 300, 600], reviewDueSeconds: { abnormal: 7200 } },
    });
    const policy = await lab.tenant.scoped((trx) => loadLabPolicy(trx, 60));
    expect(policy).toMatchObject({ criticalAckDeadlineSeconds: 1800, escalationStepSeconds: [300, 300, 600], reviewDueSeconds: { abnormal: 7200 } });

    // null goes back to the default (the deadline's: a quarter each for steps).
    const reset = await call('PATCH', '/api/v1/lab-settings', admin(), { escalationStepSeconds: null, reviewDueSeconds: { abnormal: null } });
    expect(reset.body).toMatchObject({ escalationStepSeconds: [450, 450, 450], reviewDueSeconds: { abnormal: 86_400 }, overrides: { escalationStepSeconds: null, reviewDueSeconds: {} } });

    const trail = await auditOf('LabSettings', lab.tenant.id);
    expect(trail.map((e) => e.details)).toEqual([
      { fields: ['criticalAckDeadlineSeconds', 'escalationStepSeconds', 'reviewDueSeconds.abnormal'] },
      { fields: ['escalationStepSeconds', 'reviewDueSeconds.abnormal'] },
    ]);
  });
});
