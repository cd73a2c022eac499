import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { buildAck } from '../hl7/ack.js';
import { FS, MllpFrameDecoder, VT, encodeFrame } from './frame-decoder.js';
import { type MllpServer, type MllpServerEvent, type MllpServerOptions, createMllpServer } from './server.js';

function oru(controlId: string): string {
  return [
    `MSH|^~\\&|NW_LIS|NORTHWIND_LAB|SMARTCLINIX|RIVERSIDE_CLINIC|20240115083000-0500||ORU^R01^ORU_R01|${controlId}|P|2.5.1`,
    'PID|1||MRN100234^^^RIVERSIDE_CLINIC^MR',
    'OBR|1|ORD-1|ACC-1|2823-3^Potassium^LN|||20240115073000-0500||||||||||||||||||F',
    'OBX|1|NM|2823-3^Potassium^LN||4.1|mmol/L|3.5-5.1|N|||F',
  ].join('\r');
}

function msa2(ack: string): string | undefined {
  return ack
    .split('\r')
    .find((segment) => segment.startsWith('MSA|'))
    ?.split('|')[2];
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A sending system: writes raw bytes and collects the ACK frames it gets back. */
class Sender {
  readonly acks: string[] = [];
  readonly closed: Promise<void>;
  private readonly decoder = new MllpFrameDecoder(1 << 20);

  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const item of this.decoder.push(chunk)) {
        if (item.type === 'frame') {
          this.acks.push(item.payload.toString('utf8'));
        }
      }
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  write(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  async waitForAcks(count: number): Promise<string[]> {
    await eventually(() => this.acks.length >= count);
    return this.acks.slice(0, count);
  }
}

function connect(port: number): Promise<Sender> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(new Sender(socket)));
    socket.once('error', reject);
  });
}

describe('createMllpServer', () => {
  let server: MllpServer | undefined;
  const senders: Sender[] = [];

  async function start(options: Partial<MllpServerOptions> & Pick<MllpServerOptions, 'onMessage'>): Promise<number> {
    server = createMllpServer({ maxFrameBytes: 64 * 1024, drainTimeoutMs: 2_000, ...options });
    return (await server.listen(0)).port;
  }

  async function sender(port: number): Promise<Sender> {
    const connected = await connect(port);
    senders.push(connected);
    return connected;
  }

  afterEach(async () => {
    senders.splice(0).forEach((connected) => connected.socket.destroy());
    await server?.close();
    server = undefined;
  });

  const acceptAll = (received: string[]) => (raw: string) => {
    received.push(raw);
    return Promise.resolve(buildAck(raw, { code: 'AA' }));
  };

  it('When several messages arrive back to back on one connection, then each is handled and ACKed in order', async () => {
    const received: string[] = [];
    const port = await start({ onMessage: acceptAll(received) });
    const client = await sender(port);

    await client.write(Buffer.concat([encodeFrame(oru('M1')), encodeFrame(oru('M2')), encodeFrame(oru('M3'))]));

    expect((await client.waitForAcks(3)).map(msa2)).toEqual(['M1', 'M2', 'M3']);
    expect(received).toEqual([oru('M1'), oru('M2'), oru('M3')]);
  });

  it('When onMessage has not resolved yet, then no ACK is sent and the next message waits its turn', async () => {
    const persisted = deferred();
    const started: string[] = [];
    const port = await start({
      onMessage: async (raw) => {
        started.push(msa2(buildAck(raw, { code: 'AA' }))!);
        if (started.length === 1) {
          await persisted.promise;
        }
        return buildAck(raw, { code: 'AA' });
      },
    });
    const client = await sender(port);

    await client.write(Buffer.concat([encodeFrame(oru('SLOW')), encodeFrame(oru('NEXT'))]));
    await eventually(() => started.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(client.acks).toEqual([]);
    expect(started).toEqual(['SLOW']);
    persisted.resolve();
    expect((await client.waitForAcks(2)).map(msa2)).toEqual(['SLOW', 'NEXT']);
  });

  it('When a frame is split over several writes, then one intact message is delivered', async () => {
    const received: string[] = [];
    const port = await start({ onMessage: acceptAll(received) });
    const client = await sender(port);
    const frame = encodeFrame(oru('SPLIT'));

    for (const piece of [frame.subarray(0, 1), frame.subarray(1, 40), frame.subarray(40, frame.length - 1), frame.subarray(frame.length - 1)]) {
      await client.write(piece);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    expect((await client.waitForAcks(1)).map(msa2)).toEqual(['SPLIT']);
    expect(received).toEqual([oru('SPLIT')]);
  });

  it('When a connection drops mid-frame, then nothing half-received is delivered and the server keeps serving', async () => {
    const received: string[] = [];
    const port = await start({ onMessage: acceptAll(received) });
    const dropping = await sender(port);
    const frame = encodeFrame(oru('CUT'));

    await dropping.write(frame.subarray(0, frame.length - 10));
    await eventually(() => server!.connectionCount === 1);
    dropping.socket.destroy();
    await eventually(() => server!.connectionCount === 0);
    const next = await sender(port);
    await next.write(encodeFrame(oru('AFTER')));

    expect((await next.waitForAcks(1)).map(msa2)).toEqual(['AFTER']);
    expect(received).toEqual([oru('AFTER')]);
  });

  it('When onMessage fails, then no ACK is sent, the connection is closed and the failure is reported', async () => {
    const events: MllpServerEvent[] = [];
    const port = await start({ onMessage: () => Promise.reject(new Error('database down')), onEvent: (event) => events.push(event) });
    const client = await sender(port);

    await client.write(Buffer.concat([encodeFrame(oru('FAIL')), encodeFrame(oru('QUEUED'))]));
    await client.closed;

    expect(client.acks).toEqual([]);
    expect(events.map((event) => event.kind)).toEqual(['handler-failed']);
  });

  it('When a frame is larger than maxFrameBytes, then it is rejected with AR and later frames are still served', async () => {
    const received: string[] = [];
    const events: MllpServerEvent[] = [];
    const port = await start({ maxFrameBytes: 300, onMessage: acceptAll(received), onEvent: (event) => events.push(event) });
    const client = await sender(port);
    const huge = `${oru('HUGE')}\r${'NTE|1||'.padEnd(1_000, 'x')}`;

    await client.write(Buffer.concat([encodeFrame(huge), encodeFrame(oru('SMALL'))]));

    const [rejected, accepted] = await client.waitForAcks(2);
    expect(rejected).toContain('MSA|AR|HUGE');
    expect(msa2(accepted!)).toBe('SMALL');
    expect(received).toEqual([oru('SMALL')]);
    expect(events).toEqual([{ kind: 'oversized-frame', totalBytes: Buffer.byteLength(huge) }]);
  });

  it('When close() is called with a message in flight, then that message is still ACKed before the connection ends', async () => {
    const persisted = deferred();
    const port = await start({
      onMessage: async (raw) => {
        await persisted.promise;
        return buildAck(raw, { code: 'AA' });
      },
    });
    const client = await sender(port);
    await client.write(encodeFrame(oru('INFLIGHT')));
    await new Promise((resolve) => setTimeout(resolve, 20));

    let closed = false;
    const closing = server!.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    persisted.resolve();
    await closing;

    expect(client.acks.map(msa2)).toEqual(['INFLIGHT']);
    await client.closed;
    await expect(connect(port)).rejects.toThrow();
    server = undefined;
  });

  describe('over TLS', () => {
    let directory: string;
    let key: Buffer;
    let cert: Buffer;

    beforeAll(() => {
      directory = mkdtempSync(path.join(tmpdir(), 'mllp-tls-'));
      const keyPath = path.join(directory, 'key.pem');
      const certPath = path.join(directory, 'cert.pem');
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyPath, '-out', certPath,
      ], { stdio: 'ignore' });
      key = readFileSync(keyPath);
      cert = readFileSync(certPath);
    });

    afterAll(() => rmSync(directory, { recursive: true, force: true }));

    it('When a sender connects over TLS, then frames are decoded and ACKed on the encrypted channel', async () => {
      const received: string[] = [];
      const port = await start({ tls: { key, cert }, onMessage: acceptAll(received) });
      const socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
        const connection = tls.connect({ port, host: '127.0.0.1', ca: cert }, () => resolve(connection));
        connection.once('error', reject);
      });
      const client = new Sender(socket);
      senders.push(client);

      await client.write(Buffer.concat([Buffer.from([VT]), Buffer.from(oru('TLS')), Buffer.from([FS, 0x0d])]));

      expect((await client.waitForAcks(1)).map(msa2)).toEqual(['TLS']);
      expect(socket.authorized).toBe(true);
      expect(received).toEqual([oru('TLS')]);
    });
  });
});
