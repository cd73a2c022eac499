import { type AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
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
import { registerDbPoolMetrics } from '../../src/observability/db-pool-metrics.js';
import { registerOperationalGauges } from '../../src/observability/operational-gauges.js';
import { traceDatabaseQueries } from '../../src/observability/db-tracing.js';
import { initTracing, type TracingHandle } from '../../src/observability/tracing.js';
import { createWorker } from '../../src/worker/create-worker.js';
import { createMessagingDeps } from '../../src/messaging/runtime/messaging-deps.js';
import { SmtpCatcher } from '../../src/messaging/smtp-catcher.js';
import { TwilioFake } from '../fakes/twilio-fake.js';

/** The number the stack's Twilio transport sends from (seed it for a tenant to receive inbound texts). */
export const TEST_SENDER_NUMBER = '+15005550006';

export interface TestStack {
  config: Config;
  /** App-role pool (row-level security applies). */
  db: Knex;
  /** Owner pool, for assertions and setup that must bypass the app's permissions. */
  ownerDb: Knex;
  temporal: Client;
  baseUrl: string;
  /** Twilio's REST API at the wire: every SMS the worker sends lands here (`twilio.messages`). */
  twilio: TwilioFake;
  /** The SMTP server every email lands on (`smtp.messages`, `smtp.waitFor(…)`). */
  smtp: SmtpCatcher;
  /** Starts a worker on this file's task queue; stop it with `stopWorker` (simulates a crash/restart). */
  startWorker(overrides?: Partial<ActivityDeps>): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The API in-process on port 0 with the real database and the real Temporal dev server started by
 * the global setup, plus an optional worker. One per test file.
 */
export async function startTestStack(options: { worker?: boolean; tracing?: TracingHandle } = {}): Promise<TestStack> {
  const tracing = options.tracing ?? initTracing({ serviceName: 'smartclinix-test' });
  // Twilio and SMTP fakes at their wire protocols; PUBLIC_BASE_URL is this server, so the Twilio fake's
  // signed status callbacks reach the API and webhook signatures are checked against the real URL.
  const [twilio, smtp] = await Promise.all([TwilioFake.start(), SmtpCatcher.start()]);
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({
    ...process.env,
    PUBLIC_BASE_URL: baseUrl,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM_NUMBER: TEST_SENDER_NUMBER,
    TWILIO_API_BASE_URL: twilio.baseUrl,
    SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
    EMAIL_FROM: '"SmartClinix Test" <no-reply@smartclinix.test>',
  });
  const logger = createLogger({ level: config.logLevel, name: 'test' });
  const db = createAppKnex(config.db.url!, 5);
  traceDatabaseQueries(db);
  registerDbPoolMetrics(db);
  registerOperationalGauges(db);
  const ownerDb = createOwnerKnex(config.db.url!, 2);
  const { client, connection }: { client: Client; connection: Connection } = await createTemporalClient(config);
  const app = createApp({ config, db, temporal: client, logger });
  server.on('request', app);
  // No pacing between test sends (the 1-per-second pacing has its own tests).
  const messaging = await createMessagingDeps(config, db, { smsMinIntervalMs: 0 });

  let worker: { worker: Worker; running: Promise<void>; connection: NativeConnection } | undefined;
  const baseDeps: ActivityDeps = { ...messaging.activityDeps, db };

  const stack: TestStack = {
    config,
    db,
    ownerDb,
    temporal: client,
    baseUrl,
    twilio,
    smtp,
    async startWorker(overrides = {}) {
      if (worker) return;
      const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
      const w = await createWorker({
        config,
        tracing,
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
      await messaging.close();
      await Promise.all([twilio.close(), smtp.close()]);
      await db.destroy();
      await ownerDb.destroy();
    },
  };
  if (options.worker) await stack.startWorker();
  return stack;
}
