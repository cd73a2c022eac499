import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { buildAck } from '../hl7/ack.js';
import { MllpFrameDecoder, encodeFrame } from './frame-decoder.js';

/**
 * A small MLLP listener. The contract that matters clinically: the ACK for a message is written
 * only after `onMessage` has resolved, so the caller can persist the raw message durably first
 * and a message that was acknowledged is never lost. `@medplum/hl7`'s server hands out parsed
 * messages through events (no ordering, no raw text), has no frame size limit and no TLS, hence
 * this one.
 *
 * Per connection, frames are handled strictly one at a time in arrival order, and the socket is
 * paused while one is in flight (back-pressure instead of an unbounded queue). If `onMessage`
 * throws, no ACK is sent and the connection is destroyed: the sender will retransmit, which is
 * safe because duplicates are recognised by MSH-10, whereas an AE/AR could make it give up.
 */

export type MllpServerEvent =
  | { kind: 'handler-failed'; error: unknown }
  | { kind: 'socket-error'; error: Error }
  | { kind: 'oversized-frame'; totalBytes: number };

export interface MllpServerOptions {
  /** Persist, then return the ACK to send. Receives the decoded payload of one frame. */
  onMessage: (raw: string) => Promise<string>;
  maxFrameBytes: number;
  /** TLS options (key, cert, ca, requestCert, ...); plain TCP when absent. */
  tls?: tls.TlsOptions;
  /** Payload character encoding; HL7 senders mostly use UTF-8 or Latin-1. */
  encoding?: BufferEncoding;
  /** Operational events, for metrics and logs. They carry no message content. */
  onEvent?: (event: MllpServerEvent) => void;
  /** How long close() waits for in-flight messages and peers before destroying sockets. */
  drainTimeoutMs?: number;
}

export interface MllpServer {
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting, finishes the frames already received, then closes every connection. */
  close(): Promise<void>;
  readonly connectionCount: number;
}

interface Connection {
  socket: net.Socket;
  /** Settles when every frame received so far has been handled. */
  idle: () => Promise<void>;
}

function waitForClose(socket: net.Socket, timeoutMs: number): Promise<void> {
  if (socket.destroyed) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createMllpServer(options: MllpServerOptions): MllpServer {
  const encoding = options.encoding ?? 'utf8';
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  const notify = options.onEvent ?? (() => undefined);
  const connections = new Set<Connection>();
  let closing = false;

  function respond(socket: net.Socket, ack: string): Promise<void> {
    return new Promise((resolve) => {
      if (socket.destroyed || !socket.writable) {
        resolve();
        return;
      }
      socket.write(encodeFrame(ack, encoding), () => resolve());
    });
  }

  function accept(socket: net.Socket): void {
    const decoder = new MllpFrameDecoder(options.maxFrameBytes);
    let queue: Promise<void> = Promise.resolve();
    let inFlight = 0;
    let aborted = false;
    const connection: Connection = { socket, idle: () => queue };
    connections.add(connection);

    const handle = async (work: () => Promise<string>): Promise<void> => {
      if (aborted) {
        return;
      }
      let ack: string;
      try {
        ack = await work();
      } catch (error) {
        aborted = true;
        notify({ kind: 'handler-failed', error });
        socket.destroy();
        return;
      }
      await respond(socket, ack);
    };

    socket.on('data', (chunk: Buffer) => {
      if (closing) {
        return;
      }
      for (const item of decoder.push(chunk)) {
        inFlight += 1;
        socket.pause();
        const work =
          item.type === 'frame'
            ? () => options.onMessage(item.payload.toString(encoding))
            : () => {
                notify({ kind: 'oversized-frame', totalBytes: item.totalBytes });
                return Promise.resolve(
                  buildAck(item.head.toString(encoding), {
                    code: 'AR',
                    errorCode: '207',
                    errorText: 'Message exceeds the maximum accepted size',
                  }),
                );
              };
        queue = queue
          .then(() => handle(work))
          .finally(() => {
            inFlight -= 1;
            if (inFlight === 0 && !closing && !socket.destroyed) {
              socket.resume();
            }
          });
      }
    });
    socket.on('error', (error) => notify({ kind: 'socket-error', error }));
    socket.on('close', () => {
      // A frame cut off by a dropped connection is never delivered.
      decoder.reset();
      connections.delete(connection);
    });
  }

  const server = options.tls ? tls.createServer(options.tls, accept) : net.createServer(accept);

  return {
    get connectionCount() {
      return connections.size;
    },
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close() {
      closing = true;
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(
        [...connections].map(async ({ socket, idle }) => {
          socket.pause();
          await withTimeout(idle(), drainTimeoutMs);
          socket.end();
          await waitForClose(socket, drainTimeoutMs);
        }),
      );
      await serverClosed;
    },
  };
}
