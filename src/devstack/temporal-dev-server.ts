import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../temporal/search-attributes.js';

export interface DevServerOptions {
  cliPath: string;
  port?: number;
  uiPort?: number;
  /** Omit for an in-memory server (tests); set for a persistent SQLite file (dev). */
  dbFilename?: string;
  namespace?: string;
  codecEndpoint?: string;
  headless?: boolean;
  log?: (line: string) => void;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string | undefined;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForFrontend(address: string, namespace: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Temporal dev server exited with code ${child.exitCode}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await conn.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await conn.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal dev server not ready after ${timeoutMs} ms: ${String(lastError)}`);
}

/** Starts `temporal server start-dev` and resolves once its frontend answers for the namespace. */
export async function startTemporalDevServer(opts: DevServerOptions): Promise<RunningDevServer> {
  const port = opts.port ?? (await freePort());
  const namespace = opts.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace, '--log-level', 'warn'];
  if (opts.dbFilename) args.push('--db-filename', opts.dbFilename);
  let uiUrl: string | undefined;
  if (opts.headless) {
    args.push('--headless');
  } else {
    const uiPort = opts.uiPort ?? (await freePort());
    args.push('--ui-port', String(uiPort), '--ui-ip', '127.0.0.1');
    if (opts.codecEndpoint) args.push('--ui-codec-endpoint', opts.codecEndpoint);
    uiUrl = `http://localhost:${uiPort}`;
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_REGISTRATIONS)) args.push('--search-attribute', `${name}=${type}`);

  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk: Buffer) => opts.log?.(chunk.toString().trimEnd());
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const address = `127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitForFrontend(address, namespace, child, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, uiUrl, process: child, stop };
}
