import { readFhirFixture } from '../fixtures/fhir/index.js';
import { readHl7Fixture } from '../fixtures/hl7/index.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { ackFields } from './mllp-client.js';
import { asSender, createLabTenant, eventually, type LabTenant, unique } from './support.js';

let stack: TestStack;
let lab: LabTenant;
beforeAll(async () => {
  stack = await startTestStack();
  lab = await createLabTenant(stack);
});
afterAll(() => stack.close());

const HL7 = 'x-application/hl7-v2+er7';

function postHl7(body: string, headers: Record<string, string> = {}) {
  return api(stack.baseUrl, 'POST', '/api/v1/lab-results/hl7', { body, headers: { 'content-type': HL7, 'x-api-key': lab.tenant.apiKey, ...headers } });
}

function postFhir(body: unknown) {
  return api(stack.baseUrl, 'POST', '/api/v1/lab-results/fhir', {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/fhir+json', 'x-api-key': lab.tenant.apiKey },
  });
}

function bundle(overrides: { identifier: string }) {
  const json = readFhirFixture('lab-bundle-valid.json') as Record<string, unknown>;
  return { ...json, identifier: { system: 'urn:oid:2.16.840.1.113883.3.999.1.5', value: overrides.identifier } };
}

describe('HL7 v2 over HTTP', () => {
  it('When the lab service account posts an ORU^R01, then the answer is the HL7 ACK and the report is stored for processing', async () => {
    const controlId = `H-${unique()}`;
    const res = await postHl7(asSender(readHl7Fixture('oru-r01-two-orders.hl7'), lab.facility, controlId));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(HL7);
    expect(ackFields(res.body as string)).toMatchObject({ code: 'AA', controlId });
    const inbox = await stack.ownerDb('hl7_inbox').where({ tenant_id: lab.tenant.id, message_control_id: controlId }).first();
    expect(inbox).toMatchObject({ transport: 'http-hl7', status: 'accepted' });
    // Processing follows the answer: two order groups, two reports.
    const processed = await eventually(async () => {
      const row = await stack.ownerDb('hl7_inbox').where({ id: inbox.id }).whereNotNull('processed_at').first();
      return row ?? undefined;
    });
    expect(processed.report_count).toBe(2);
    const reports = await stack.ownerDb('lab_report_revisions').where({ inbox_id: inbox.id });
    expect(reports).toHaveLength(2);
    const audit = await stack.ownerDb('audit_events').where({ entity_type: 'LabSubmission', entity_id: inbox.id }).first();
    expect(audit).toMatchObject({ actor_type: 'service', actor_id: lab.tenant.apiKeyId, action: 'submit', outcome: 'allowed' });
  });

  it('When the same message is posted twice, then both answers are AA and it is processed once', async () => {
    const controlId = `H-${unique()}`;
    const raw = asSender(readHl7Fixture('oru-r01-notes.hl7'), lab.facility, controlId);
    expect(ackFields((await postHl7(raw)).body as string).code).toBe('AA');
    expect(ackFields((await postHl7(raw)).body as string).code).toBe('AA');
    expect(await stack.ownerDb('hl7_inbox').where({ tenant_id: lab.tenant.id, message_control_id: controlId })).toHaveLength(1);
  });

  it('When the sending facility is not one of the service account’s integrations, then the answer is AR', async () => {
    const res = await postHl7(asSender(readHl7Fixture('oru-r01-cbc.hl7'), `OTHER_${unique()}`, `H-${unique()}`));
    expect(ackFields(res.body as string).code).toBe('AR');
  });

  it('When the body is not ER7 or the caller is not a lab service account, then it is refused', async () => {
    const raw = asSender(readHl7Fixture('oru-r01-cbc.hl7'), lab.facility, `H-${unique()}`);
    expect((await postHl7(raw, { 'content-type': 'text/plain' })).status).toBe(415);
    const asPhysician = await api(stack.baseUrl, 'POST', '/api/v1/lab-results/hl7', { body: raw, headers: { 'content-type': HL7 }, token: lab.tenant.token('physician') });
    expect(asPhysician.status).toBe(403);
    expect((await api(stack.baseUrl, 'POST', '/api/v1/lab-results/hl7', { body: raw, headers: { 'content-type': HL7 } })).status).toBe(401);
    // A lab service account only submits: it reads nothing.
    const read = await api(stack.baseUrl, 'GET', '/api/v1/lab-results', { headers: { 'x-api-key': lab.tenant.apiKey } });
    expect(read.status).toBe(403);
  });
});

describe('FHIR R4 bundles', () => {
  it('When a valid bundle is posted, then it is accepted (202) and stored as a report with its observations', async () => {
    const identifier = `F-${unique()}`;
    const res = await postFhir(bundle({ identifier }));
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome' });
    const inboxId = res.headers.get('x-inbox-id');
    const revision = await eventually(async () => (await stack.ownerDb('lab_report_revisions').where({ inbox_id: inboxId }).first()) ?? undefined);
    expect(await stack.ownerDb('lab_observations').where({ revision_id: revision.id })).toHaveLength(3);
  });

  it('When the same bundle identifier comes again, then it is answered 200 as already received', async () => {
    const body = bundle({ identifier: `F-${unique()}` });
    expect((await postFhir(body)).status).toBe(202);
    expect((await postFhir(body)).status).toBe(200);
  });

  it('When the bundle is invalid FHIR, then the answer is 400 with an OperationOutcome and the error is listed', async () => {
    const invalid = readFhirFixture('lab-bundle-invalid.json');
    const res = await postFhir(invalid);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue.length).toBeGreaterThan(0);
    const errors = await api(stack.baseUrl, 'GET', '/api/v1/lab-results/integration-errors', { token: lab.tenant.token('ops') });
    expect(errors.body.items.some((item: { transport: string; errorCode: string }) => item.transport === 'http-fhir' && item.errorCode === 'FHIR_INVALID')).toBe(true);
  });

  it('When the body is not JSON, then the answer is 400 with an OperationOutcome', async () => {
    const res = await api(stack.baseUrl, 'POST', '/api/v1/lab-results/fhir', {
      body: '{"resourceType": "Bundle",',
      headers: { 'content-type': 'application/fhir+json', 'x-api-key': lab.tenant.apiKey },
    });
    expect(res.status).toBe(400);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });
});
