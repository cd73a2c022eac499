import { type AddressInfo } from 'node:net';
import { type Server } from 'node:http';
import { type Client, type Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { type Knex } from 'knex';
import { createActivities, type ActivityDeps } from '../../src/activities/index.js';
import { createApp } from '../../src/api/app.js';
import { type Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load.js';
import { createAppKnex, createOwnerKnex } from '../../src/db/knex.js';
import { createLogger } from '../../src/logging/logger.js';
import { createTemporalClient } from '../../src/temporal/client.js';
import { createWorker } from '../../src/worker/create-worker.js';

export interface TestStack {
  config: Config;
  /** App-role pool (row-level security applies). */
  db: Knex;
  /** Owner pool, for assertions and setup that must bypass the app's permissions. */
  ownerDb: Knex;
  temporal: Client;
  baseUrl: string;
  /** Starts a worker on this file's task queue; stop it with `stopWorker` (simulates a crash/restart). */
  startWorker(overrides?: Partial<ActivityDeps>): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The API in-process on port 0 with the real database and the real Temporal dev server started by
 * the global setup, plus an optional worker. One per test file.
 */
export async function startTestStack(options: { worker?: boolean } = {}): Promise<TestStack> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'test' });
  const db = createAppKnex(config.db.url!, 5);
  const ownerDb = createOwnerKnex(config.db.url!, 2);
  const { client, connection }: { client: Client; connection: Connection } = await createTemporalClient(config);
  const app = createApp({ config, db, temporal: client, logger });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let worker: { worker: Worker; running: Promise<void>; connection: NativeConnection } | undefined;
  const baseDeps: ActivityDeps = { db };

  const stack: TestStack = {
    config,
    db,
    ownerDb,
    temporal: client,
    baseUrl,
    async startWorker(overrides = {}) {
      if (worker) return;
      const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
      const w = await createWorker({
        config,
        connection: nativeConnection,
        activities: createActivities({ ...baseDeps, ...overrides }),
        workflowBundle: { codePath: config.temporal.workflowBundlePath! },
      });
      worker = { worker: w, running: w.run(), connection: nativeConnection };
    },
    async stopWorker() {
      if (!worker) return;
      const w = worker;
      worker = undefined;
      w.worker.shutdown();
      await w.running;
      await w.connection.close();
    },
    async close() {
      await stack.stopWorker();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await connection.close();
      await db.destroy();
      await ownerDb.destroy();
    },
  };
  if (options.worker) await stack.startWorker();
  return stack;
}
