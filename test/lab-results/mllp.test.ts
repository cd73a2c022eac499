import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHl7Fixture } from '../fixtures/hl7/index.js';
import { createLabIngestion, type LabIngestion } from '../../src/lab-results/inbox/ingestion.js';
import { startLabMllpListener } from '../../src/lab-results/mllp/listener.js';
import { type MllpServer } from '../../src/lab-results/interop/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { api } from '../support/http.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { ackFields, MllpTestClient } from './mllp-client.js';
import { asSender, createLabTenant, type LabTenant, unique } from './support.js';

let stack: TestStack;
let lab: LabTenant;
let ingestion: LabIngestion;
let server: MllpServer;
let port: number;
const clients: MllpTestClient[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  lab = await createLabTenant(stack);
  // Store and acknowledge only: these tests are about the listener, not the routing after it.
  ingestion = createLabIngestion({ db: stack.db, temporal: stack.temporal, taskQueue: stack.config.temporal.taskQueue, logger: createLogger({ level: 'silent', name: 'test' }), processAfterAck: false });
  const listener = await startLabMllpListener({
    ingestion,
    mllp: { port: 0, host: '127.0.0.1', tls: undefined, maxFrameBytes: 64 * 1024 },
    logger: createLogger({ level: 'silent', name: 'test' }),
  });
  server = listener.server;
  port = (listener.address).port;
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await server.close();
  await stack.close();
});

async function connect(): Promise<MllpTestClient> {
  const client = await MllpTestClient.connect(port);
  clients.push(client);
  return client;
}

const inboxRows = (controlId: string) => stack.ownerDb('hl7_inbox').where({ tenant_id: lab.tenant.id, message_control_id: controlId });

describe('MLLP listener over a real TCP socket', () => {
  it('When a lab sends a valid ORU^R01, then it gets AA for that control ID only after the raw message is stored byte for byte', async () => {
    const client = await connect();
    const controlId = `C-${unique()}`;
    const raw = asSender(readHl7Fixture('oru-r01-cbc.hl7'), lab.facility, controlId);
    client.send(raw);
    const [ack] = await client.waitForAcks(1);
    // The row exists the moment the ACK is in: it was committed before the ACK was written.
    const rows = await inboxRows(controlId);
    expect(ackFields(ack!)).toMatchObject({ code: 'AA', controlId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ raw, status: 'accepted', ack_code: 'AA', transport: 'mllp', sending_facility: lab.facility, integration_id: lab.integrationId });
  });

  it('When several messages arrive on one connection, some split across writes, then each gets its ACK in order', async () => {
    const client = await connect();
    const ids = [`C-${unique()}`, `C-${unique()}`, `C-${unique()}`];
    const frames = Buffer.concat(ids.map((id) => Buffer.from(`\x0b${asSender(readHl7Fixture('oru-r01-lf-line-endings.hl7'), lab.facility, id)}\x1c\r`)));
    // Three frames cut at arbitrary points, including inside the FS CR trailer.
    for (const [from, to] of [[0, 37], [37, 900], [900, frames.length - 1], [frames.length - 1, frames.length]] as const) {
      client.write(frames.subarray(from, to));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const acks = await client.waitForAcks(3);
    expect(acks.map((a) => ackFields(a).controlId)).toEqual(ids);
    expect(acks.every((a) => ackFields(a).code === 'AA')).toBe(true);
  });

  it('When the same control ID comes again from the same facility, then it gets AA again and is stored once', async () => {
    const client = await connect();
    const controlId = `C-${unique()}`;
    const raw = asSender(readHl7Fixture('oru-r01-critical-potassium.hl7'), lab.facility, controlId);
    client.send(raw);
    client.send(raw);
    const acks = await client.waitForAcks(2);
    expect(acks.map((a) => ackFields(a).code)).toEqual(['AA', 'AA']);
    expect(await inboxRows(controlId)).toHaveLength(1);
  });

  it('When a garbage frame arrives, then it is answered AR and kept (unattributed) rather than dropped', async () => {
    const client = await connect();
    const before = Number((await stack.ownerDb('hl7_inbox').whereNull('tenant_id').count<{ count: string }[]>('* as count'))[0]!.count);
    client.send(readHl7Fixture('garbage.hl7'));
    const [ack] = await client.waitForAcks(1);
    expect(ackFields(ack!).code).toBe('AR');
    const after = Number((await stack.ownerDb('hl7_inbox').whereNull('tenant_id').count<{ count: string }[]>('* as count'))[0]!.count);
    expect(after).toBe(before + 1);
    // The listener keeps serving the connection.
    const controlId = `C-${unique()}`;
    client.send(asSender(readHl7Fixture('oru-r01-cbc.hl7'), lab.facility, controlId));
    expect(ackFields((await client.waitForAcks(2))[1]!)).toMatchObject({ code: 'AA', controlId });
  });

  it('When the sending facility is not allow-listed, then it is answered AR with the reason in ERR', async () => {
    const client = await connect();
    const controlId = `C-${unique()}`;
    client.send(asSender(readHl7Fixture('oru-r01-cbc.hl7'), `UNKNOWN_${unique()}`, controlId));
    const ack = ackFields((await client.waitForAcks(1))[0]!);
    expect(ack).toMatchObject({ code: 'AR', controlId, text: 'Sending facility is not authorised' });
    expect(ack.err).toContain('207');
  });

  it('When a message cannot be parsed, then it is answered AE with its location, stored, and listed for admins without its content', async () => {
    const client = await connect();
    const controlId = `C-${unique()}`;
    const broken = asSender(readHl7Fixture('oru-r01-cbc.hl7'), lab.facility, controlId).replace('||7.2|', '||seven|');
    client.send(broken);
    const ack = ackFields((await client.waitForAcks(1))[0]!);
    expect(ack).toMatchObject({ code: 'AE', controlId });
    expect(ack.err).toContain('OBX');
    const [row] = await inboxRows(controlId);
    expect(row).toMatchObject({ status: 'failed', raw: broken, error_code: 'INVALID_VALUE' });

    const errors = await api(stack.baseUrl, 'GET', '/api/v1/lab-results/integration-errors', { token: lab.tenant.token('admin') });
    expect(errors.status).toBe(200);
    const listed = errors.body.items.find((item: { messageControlId: string }) => item.messageControlId === controlId);
    expect(listed).toMatchObject({ status: 'failed', ackCode: 'AE', errorCode: 'INVALID_VALUE', transport: 'mllp' });
    expect(listed.errorLocation).toMatch(/^OBX/);
    expect(JSON.stringify(errors.body)).not.toContain('EXAMPLE');
    expect((await api(stack.baseUrl, 'GET', '/api/v1/lab-results/integration-errors', { token: lab.tenant.token('physician') })).status).toBe(403);
  });

  it('When a connection drops in the middle of a frame, then the message acknowledged before it is stored and the cut one is not half-stored', async () => {
    const client = await connect();
    const [first, cut] = [`C-${unique()}`, `C-${unique()}`];
    client.send(asSender(readHl7Fixture('oru-r01-cbc.hl7'), lab.facility, first));
    await client.waitForAcks(1);
    const partial = Buffer.from(`\x0b${asSender(readHl7Fixture('oru-r01-cbc.hl7'), lab.facility, cut)}\x1c\r`);
    client.write(partial.subarray(0, Math.floor(partial.length / 2)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await inboxRows(first)).toHaveLength(1);
    expect(await inboxRows(cut)).toHaveLength(0);

    // The lab retransmits the unacknowledged message on a new connection.
    const again = await connect();
    again.send(asSender(readHl7Fixture('oru-r01-cbc.hl7'), lab.facility, cut));
    expect(ackFields((await again.waitForAcks(1))[0]!)).toMatchObject({ code: 'AA', controlId: cut });
    expect(await inboxRows(cut)).toHaveLength(1);
  });

  it('When a message uses custom MSH-2 delimiters, then it is accepted and its ACK uses the same delimiters', async () => {
    const client = await connect();
    const controlId = `C-${unique()}`;
    const raw = readHl7Fixture('oru-r01-custom-delimiters.hl7').replace('NORTHWIND_LAB$', `${lab.facility}$`).replace('NWL-20240115-0008', controlId);
    client.send(raw);
    const [ack] = await client.waitForAcks(1);
    expect(ack!.startsWith('MSH#$*!@#')).toBe(true);
    expect(ack!.split('\r').find((s) => s.startsWith('MSA'))).toBe(`MSA#AA#${controlId}`);
  });

  it('When TLS is configured, then a lab connecting over TLS gets its ACK and a plain-TCP client gets nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mllp-tls-'));
    const certPath = join(dir, 'cert.pem');
    const keyPath = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath], { stdio: 'ignore' });
    const secure = await startLabMllpListener({
      ingestion,
      mllp: { port: 0, host: '127.0.0.1', tls: { certPath, keyPath, caPath: undefined }, maxFrameBytes: 64 * 1024 },
      logger: createLogger({ level: 'silent', name: 'test' }),
    });
    try {
      const client = await MllpTestClient.connect(secure.address.port, { tls: { ca: readFileSync(certPath) } });
      clients.push(client);
      const controlId = `C-${unique()}`;
      client.send(asSender(readHl7Fixture('oru-r01-cbc.hl7'), lab.facility, controlId));
      expect(ackFields((await client.waitForAcks(1))[0]!)).toMatchObject({ code: 'AA', controlId });

      const plain = await MllpTestClient.connect(secure.address.port);
      clients.push(plain);
      plain.send(asSender(readHl7Fixture('oru-r01-cbc.hl7'), lab.facility, `C-${unique()}`));
      await expect(plain.waitForAcks(1, 1500)).rejects.toThrow();
    } finally {
      await secure.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
