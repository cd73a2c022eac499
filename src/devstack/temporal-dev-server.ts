import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { CASE_TYPE, ENTITY_ID, SEARCH_ATTRIBUTE_REGISTRATIONS, TENANT_ID } from '../temporal/search-attributes.js';

export interface DevServerOptions {
  /** Undefined: let the Temporal SDK download the CLI (the last resort, needs internet). */
  cliPath: string | undefined;
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
  /** The CLI child process; undefined when the SDK runs the downloaded server. */
  process: ChildProcess | undefined;
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
  if (!opts.cliPath) return startDownloadedDevServer(opts, port, namespace);
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

/** The SDK downloads and runs the same CLI dev server; used only when no local CLI can be had. */
async function startDownloadedDevServer(opts: DevServerOptions, port: number, namespace: string): Promise<RunningDevServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const uiPort = opts.headless ? undefined : (opts.uiPort ?? (await freePort()));
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip: '127.0.0.1',
      port,
      namespace,
      ui: !opts.headless,
      uiPort,
      dbFilename: opts.dbFilename,
      searchAttributes: [CASE_TYPE, ENTITY_ID, TENANT_ID],
      extraArgs: opts.codecEndpoint && !opts.headless ? ['--ui-codec-endpoint', opts.codecEndpoint] : [],
    },
  });
  return {
    address: `127.0.0.1:${port}`,
    uiUrl: uiPort ? `http://localhost:${uiPort}` : undefined,
    process: undefined,
    stop: () => env.teardown(),
  };
}
