import net from 'node:net';
import tls from 'node:tls';
import { encodeFrame, MllpFrameDecoder } from '../../src/lab-results/interop/index.js';

/** A lab's sending system over a real TCP (or TLS) socket: writes frames, collects the ACKs. */
export class MllpTestClient {
  readonly acks: string[] = [];
  private readonly decoder = new MllpFrameDecoder(1 << 20);
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const item of this.decoder.push(chunk)) {
        if (item.type === 'frame') this.acks.push(item.payload.toString('utf8'));
      }
      this.waiters.forEach((wake) => wake());
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.waiters.forEach((wake) => wake()));
  }

  static connect(port: number, options: { tls?: tls.ConnectionOptions } = {}): Promise<MllpTestClient> {
    return new Promise((resolve, reject) => {
      const socket = options.tls
        ? tls.connect({ port, host: '127.0.0.1', ...options.tls }, () => resolve(new MllpTestClient(socket)))
        : net.connect({ port, host: '127.0.0.1' }, () => resolve(new MllpTestClient(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  send(message: string): void {
    this.socket.write(encodeFrame(message));
  }

  /** Resolves with the first `count` ACKs received on this connection. */
  async waitForAcks(count: number, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.acks.length < count) {
      if (Date.now() > deadline || this.socket.destroyed) throw new Error(`expected ${count} ACK(s), got ${this.acks.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
    return this.acks.slice(0, count);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** MSA-1 (AA/AE/AR), MSA-2 (the acknowledged control ID) and the ERR segment of an ACK. */
export function ackFields(ack: string): { code: string; controlId: string; text?: string; err?: string } {
  const segments = ack.split('\r').filter(Boolean);
  const msa = segments.find((s) => s.startsWith('MSA|'))?.split('|') ?? [];
  return { code: msa[1] ?? '', controlId: msa[2] ?? '', text: msa[3], err: segments.find((s) => s.startsWith('ERR|')) };
}
