import { createHash } from 'node:crypto';
import { purgeExpiredRawMessages } from '../../src/lab-results/inbox/raw-retention.js';
import { receiveHl7 } from '../../src/lab-results/inbox/receive-hl7.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { submitOru } from './routing-helpers.js';
import { buildOru, createLabTenant, type LabTenant, SODIUM, unique } from './support.js';

/**
 * Raw lab messages are kept for the tenant's retention period once they are finished with, then
 * only their SHA-256 stays; results, the interface log and anything still to be processed stay.
 */
let stack: TestStack;
let lab: LabTenant;
let neighbour: LabTenant;

beforeAll(async () => {
  stack = await startTestStack();
  [lab, neighbour] = await Promise.all([createLabTenant(stack), createLabTenant(stack)]);
});
afterAll(() => stack.close());

interface InboxRow {
  id: string;
  raw: string | null;
  raw_bytes: Buffer | null;
  raw_sha256: string | null;
  raw_purged_at: Date | null;
  status: string;
  ack_code: string;
  message_control_id: string | null;
  size_bytes: number;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const inboxRowOfReport = async (reportId: string): Promise<InboxRow> =>
  stack.ownerDb('hl7_inbox as i').join('lab_report_revisions as r', 'r.inbox_id', 'i.id').where('r.report_id', reportId).first<InboxRow>('i.*');
const inboxRow = async (id: string): Promise<InboxRow> => stack.ownerDb('hl7_inbox').where({ id }).first<InboxRow>();
const ageBy = (id: string, days: number) =>
  stack.ownerDb('hl7_inbox').where({ id }).update({ received_at: stack.ownerDb.raw("now() - make_interval(days => ?) - interval '1 hour'", [days]) });

async function processedResult(tenant: LabTenant): Promise<{ reportId: string; row: InboxRow }> {
  const reportId = await submitOru(stack, tenant, {
    pid3: `${tenant.patient.mrn}^^^${tenant.authority}^MR`,
    filler: `ACC-${unique()}`,
    providerNpi: tenant.orderer.npi,
    obx: [{ code: SODIUM, value: '140', units: 'mmol/L', range: '136-145' }],
  });
  return { reportId, row: await inboxRowOfReport(reportId) };
}

describe('raw lab message retention', () => {
  it('When messages outlive the tenant’s retention period, then processed and refused ones lose their text, and the rest stay whole', async () => {
    const patch = await api(stack.baseUrl, 'PATCH', '/api/v1/lab-settings', { token: lab.tenant.token('admin'), body: { rawMessageRetentionDays: 30 } });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ rawMessageRetentionDays: 30, overrides: { rawMessageRetentionDays: 30 } });
    expect((await api(stack.baseUrl, 'GET', '/api/v1/lab-settings', { token: neighbour.tenant.token('admin') })).body).toMatchObject({
      rawMessageRetentionDays: stack.config.labResults.rawMessageRetentionDays,
      overrides: { rawMessageRetentionDays: null },
    });

    const old = await processedResult(lab);
    const recent = await processedResult(lab);
    const waiting = await processedResult(lab);
    const neighbours = await processedResult(neighbour);
    const refused = await api(stack.baseUrl, 'POST', '/api/v1/lab-results/hl7', {
      body: 'this is not HL7',
      headers: { 'content-type': 'x-application/hl7-v2+er7', 'x-api-key': lab.tenant.apiKey },
    });
    expect(String(refused.body)).toContain('MSA|AR|');
    const refusedRow = await stack.ownerDb('hl7_inbox').where({ tenant_id: lab.tenant.id, status: 'failed' }).orderBy('received_at', 'desc').first<InboxRow>();
    // A message accepted long ago whose processing has not finished (its worker crashed, say).
    await stack.ownerDb('hl7_inbox').where({ id: waiting.row.id }).update({ processed_at: null });
    for (const id of [old.row.id, waiting.row.id, refusedRow.id, neighbours.row.id]) await ageBy(id, 40);

    const run = await purgeExpiredRawMessages(stack.db, { defaultRetentionDays: 90, tenantIds: [lab.tenant.id, neighbour.tenant.id] });
    expect(run).toEqual({ purged: { [lab.tenant.id]: 2 }, unattributed: 0 });

    for (const [before, after] of [
      [old.row, await inboxRow(old.row.id)],
      [refusedRow, await inboxRow(refusedRow.id)],
    ] as const) {
      expect(after).toMatchObject({ raw: null, raw_bytes: null, raw_sha256: sha256(before.raw!), raw_purged_at: expect.any(Date) });
      // The interface log keeps what it was and how it was answered.
      expect(after).toMatchObject({ status: before.status, ack_code: before.ack_code, message_control_id: before.message_control_id, size_bytes: before.size_bytes });
    }
    for (const kept of [recent.row, waiting.row, neighbours.row]) expect(await inboxRow(kept.id)).toMatchObject({ raw: kept.raw, raw_purged_at: null, raw_sha256: null });

    // The result itself is the clinical record, and stays.
    const observations = await stack.ownerDb('lab_observations').where({ report_id: old.reportId }).select('code', 'units');
    expect(observations).toEqual([{ code: SODIUM, units: 'mmol/L' }]);

    // Nothing is left to do until more messages age.
    expect(await purgeExpiredRawMessages(stack.db, { defaultRetentionDays: 90, tenantIds: [lab.tenant.id, neighbour.tenant.id] })).toEqual({ purged: {}, unattributed: 0 });
  });

  it('When a message from an unknown sender outlives the deployment’s retention period, then it loses its text too', async () => {
    const controlId = `U-${unique()}`;
    const raw = buildOru({ facility: `UNKNOWN_${unique()}`, controlId, pid3: 'X1^^^NOBODY^MR', obx: [{ code: SODIUM, value: '140' }] });
    const receipt = await receiveHl7(stack.db, raw, 'mllp');
    expect(receipt.ackCode).toBe('AR');
    expect(receipt.stored).toBeUndefined();
    const row = await stack.ownerDb('hl7_inbox').whereNull('tenant_id').where({ message_control_id: controlId }).first<InboxRow>();
    expect(row).toMatchObject({ raw, raw_purged_at: null });
    await ageBy(row.id, 100);

    // Every tenant's messages and the unattributed ones (the suite's other messages are all younger).
    const run = await purgeExpiredRawMessages(stack.db, { defaultRetentionDays: 90 });
    expect(run.unattributed).toBe(1);
    expect(await inboxRow(row.id)).toMatchObject({ raw: null, raw_sha256: sha256(raw), raw_purged_at: expect.any(Date), status: 'rejected' });
  });
});
