import { readFhirFixture } from '../fixtures/fhir/index.js';
import { createLabIngestion, type LabIngestion } from '../../src/lab-results/inbox/ingestion.js';
import { createLogger } from '../../src/logging/logger.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { ackFields } from './mllp-client.js';
import { buildOru, createLabTenant, eventually, type LabTenant, SODIUM, unique } from './support.js';

let stack: TestStack;
let lab: LabTenant;
/** Stores and acknowledges only: the tests below drive processing through the sweeper. */
let ingestion: LabIngestion;
beforeAll(async () => {
  stack = await startTestStack();
  lab = await createLabTenant(stack);
  ingestion = createLabIngestion({
    db: stack.db,
    temporal: stack.temporal,
    taskQueue: stack.config.temporal.taskQueue,
    logger: createLogger({ level: 'silent', name: 'test' }),
    processAfterAck: false,
  });
});
afterAll(() => stack.close());

const REPLACEMENT = '\uFFFD';
const HL7 = 'x-application/hl7-v2+er7';

/** An ORU^R01 for the tenant's patient with an NTE after the OBR and one after the OBX. */
function oruWithNotes(controlId: string, reportNote: string, observationNote: string): string {
  const segments = buildOru({
    facility: lab.facility,
    controlId,
    pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`,
    filler: `ACC-${unique()}`,
    providerNpi: lab.orderer.npi,
    obx: [{ code: SODIUM, value: '139', units: 'mmol/L', range: '136-145', flags: 'N' }],
  })
    .split('\r')
    .filter(Boolean);
  const obr = segments.findIndex((s) => s.startsWith('OBR|'));
  segments.splice(obr + 1, 0, `NTE|1|L|${reportNote}`);
  segments.push(`NTE|1|L|${observationNote}`);
  return segments.map((s) => `${s}\r`).join('');
}

const inbox = (id: string) => stack.ownerDb('hl7_inbox').where({ id }).first();
const processed = (id: string) => eventually(async () => (await stack.ownerDb('hl7_inbox').where({ id }).whereNotNull('processed_at').first()) ?? undefined, 20_000, 'processing');
const sweep = () => ingestion.sweep({ olderThanSeconds: 0, tenantIds: [lab.tenant.id] });

describe('NUL characters in results', () => {
  it('When an NTE over HTTP holds a NUL byte, then the message is processed, the notes are stored with U+FFFD and the raw message keeps its NUL', async () => {
    const controlId = `N-${unique()}`;
    const raw = oruWithNotes(controlId, 'Specimen\u0000hemolysed', 'Repeat\u0000advised');
    const res = await api(stack.baseUrl, 'POST', '/api/v1/lab-results/hl7', { body: raw, headers: { 'content-type': HL7, 'x-api-key': lab.tenant.apiKey } });
    expect(ackFields(res.body as string).code).toBe('AA');
    const row = await stack.ownerDb('hl7_inbox').where({ tenant_id: lab.tenant.id, message_control_id: controlId }).first();
    expect(row.raw).toBeNull();
    expect((row.raw_bytes as Buffer).toString('utf8')).toBe(raw);

    expect((await processed(row.id)).report_count).toBe(1);
    const revision = await stack.ownerDb('lab_report_revisions').where({ inbox_id: row.id }).first();
    expect(revision.notes).toEqual([`Specimen${REPLACEMENT}hemolysed`]);
    const observation = await stack.ownerDb('lab_observations').where({ revision_id: revision.id }).first();
    expect(observation.notes).toEqual([`Repeat${REPLACEMENT}advised`]);
    // Its workflow is started like any other result's.
    await eventually(async () => (await stack.ownerDb('lab_report_revisions').where({ id: revision.id }).whereNotNull('dispatched_at').first()) ?? undefined, 20_000, 'the dispatch');
  });

  it('When a NUL comes as the \\X00\\ escape over MLLP, then the sweeper processes it and the note carries U+FFFD', async () => {
    const controlId = `N-${unique()}`;
    const receipt = await ingestion.receiveHl7(oruWithNotes(controlId, 'Clotted\\X00\\sample', 'None'), 'mllp');
    expect(receipt.ackCode).toBe('AA');
    expect((await inbox(receipt.stored!.id)).raw).not.toBeNull();
    expect((await sweep()).failed).toBe(0);
    const revision = await stack.ownerDb('lab_report_revisions').where({ inbox_id: receipt.stored!.id }).first();
    expect(revision.notes).toEqual([`Clotted${REPLACEMENT}sample`]);
  });

  it('When a FHIR bundle has \\u0000 in a note and its identifier, then it is refused as invalid FHIR (400), stored under the cleaned identifier and listed, not a server error', async () => {
    const bundle = readFhirFixture('lab-bundle-valid.json') as { identifier: unknown; entry: { resource: { note?: { text: string }[] } }[] };
    const identifier = `F-${unique()}\u0000x`;
    bundle.identifier = { system: 'urn:oid:2.16.840.1.113883.3.999.1.5', value: identifier };
    bundle.entry.find((e) => e.resource.note)!.resource.note = [{ text: 'Lipemic\u0000specimen' }];
    const post = () =>
      api(stack.baseUrl, 'POST', '/api/v1/lab-results/fhir', {
        body: JSON.stringify(bundle),
        headers: { 'content-type': 'application/fhir+json', 'x-api-key': lab.tenant.apiKey },
      });
    // FHIR strings may not hold control characters: the bundle is invalid, so it never reaches processing.
    const res = await post();
    expect(res.status).toBe(400);
    expect(res.body.issue.map((issue: { expression: string[] }) => issue.expression[0])).toEqual(expect.arrayContaining(['Bundle.identifier.value']));
    const row = await stack.ownerDb('hl7_inbox').where({ tenant_id: lab.tenant.id, message_control_id: identifier.replace('\u0000', REPLACEMENT) }).first();
    expect(row).toMatchObject({ status: 'failed', ack_code: 'AE', error_code: 'FHIR_INVALID', raw: JSON.stringify(bundle) });
    const errors = await api(stack.baseUrl, 'GET', '/api/v1/lab-results/integration-errors', { token: lab.tenant.token('ops') });
    expect(errors.body.items.some((item: { id: string }) => item.id === row.id)).toBe(true);
    // The retransmission is recognised by the same cleaned identifier and answered the same way.
    expect((await post()).status).toBe(400);
    expect(await stack.ownerDb('hl7_inbox').where({ tenant_id: lab.tenant.id, message_control_id: row.message_control_id })).toHaveLength(1);
  });
});

describe('accepted messages that cannot be processed', () => {
  it('When processing fails for another reason, then the failure is recorded and listed, retried only after a delay, and the messages after it are processed', async () => {
    const poison = await ingestion.receiveHl7(oruWithNotes(`P-${unique()}`, 'first', 'first'), 'mllp');
    const good = await ingestion.receiveHl7(oruWithNotes(`P-${unique()}`, 'second', 'second'), 'mllp');
    const poisonId = poison.stored!.id;
    // As if it had been accepted by an earlier parser that the current one no longer agrees with.
    const original = (await inbox(poisonId)).raw as string;
    await stack.ownerDb('hl7_inbox').where({ id: poisonId }).update({ raw: 'MSH|^~\\&|garbage' });

    const first = await sweep();
    expect(first).toMatchObject({ failed: 1 });
    expect((await inbox(good.stored!.id)).processed_at).not.toBeNull();
    const failed = await inbox(poisonId);
    expect(failed).toMatchObject({ status: 'accepted', ack_code: 'AA', processed_at: null, error_code: 'PROCESSING_FAILED' });
    expect(failed).toMatchObject({ processing_attempts: 1, error_details: { errorType: 'Hl7ParseError', pgCode: null } });
    expect(failed.processing_retry_at.getTime()).toBeGreaterThan(Date.now());

    // Shown to administrators and ops as accepted-but-unprocessed; never the message.
    const errors = await api(stack.baseUrl, 'GET', '/api/v1/lab-results/integration-errors', { token: lab.tenant.token('ops') });
    expect(errors.body.items.find((item: { id: string }) => item.id === poisonId)).toMatchObject({
      status: 'accepted',
      ackCode: 'AA',
      errorCode: 'PROCESSING_FAILED',
      processingAttempts: 1,
      nextAttemptAt: failed.processing_retry_at.toISOString(),
    });

    // Not due yet: the next sweep leaves it alone instead of looping on it.
    expect(await sweep()).toMatchObject({ failed: 0 });
    expect((await inbox(poisonId)).processing_attempts).toBe(1);

    // A retransmission is answered as the first time (AA, no ERR from the processing failure).
    const again = await ingestion.receiveHl7(original, 'mllp');
    expect(again.stored!.duplicate).toBe(true);
    expect(again.ack).not.toContain('ERR|');

    // Once due it is tried again (and counted); once it can be processed, the error is gone.
    const makeDue = () => stack.ownerDb('hl7_inbox').where({ id: poisonId }).update({ processing_retry_at: stack.ownerDb.raw("now() - interval '1 second'") });
    await makeDue();
    expect(await sweep()).toMatchObject({ failed: 1 });
    expect((await inbox(poisonId)).processing_attempts).toBe(2);
    await stack.ownerDb('hl7_inbox').where({ id: poisonId }).update({ raw: original });
    await makeDue();
    expect(await sweep()).toMatchObject({ failed: 0 });
    expect(await inbox(poisonId)).toMatchObject({ error_code: null, error_details: null, report_count: 1, processing_retry_at: null, processing_attempts: 2 });
    const listed = await api(stack.baseUrl, 'GET', '/api/v1/lab-results/integration-errors', { token: lab.tenant.token('ops') });
    expect(listed.body.items.some((item: { id: string }) => item.id === poisonId)).toBe(false);
  });
});
