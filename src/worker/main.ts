import { existsSync } from 'node:fs';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfig } from '../config/load.js';
import { createAppKnex } from '../db/knex.js';
import { createLogger } from '../logging/logger.js';
import { createActivities } from '../activities/index.js';
import { createWorker } from './create-worker.js';
import { pinoTemporalLogger } from './temporal-logger.js';

/** The worker process: runs workflows and activities; shuts down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'worker' });
  Runtime.install({
    logger: pinoTemporalLogger(logger),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const dbUrl = config.db.appUrl ?? config.db.url;
  if (!dbUrl) throw new Error('DATABASE_URL (or APP_DATABASE_URL) is required');
  const db = createAppKnex(dbUrl, config.db.poolMax);
  const connection = await NativeConnection.connect({ address: config.temporal.address, tls: config.temporal.tls ? {} : undefined });

  const bundlePath = config.temporal.workflowBundlePath;
  if (config.env === 'production' && (!bundlePath || !existsSync(bundlePath))) {
    throw new Error('WORKFLOW_BUNDLE_PATH must point at the prebuilt bundle in production (npm run build)');
  }
  const worker = await createWorker({
    config,
    connection,
    activities: createActivities({ db }),
    ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : {}),
  });
  logger.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker started');
  // worker.run() resolves after a graceful shutdown, which the Runtime triggers on SIGINT/SIGTERM.
  await worker.run();
  await connection.close();
  await db.destroy();
  logger.info('worker stopped');
}

main().catch((err: unknown) => {
  console.error('worker failed to start', err instanceof Error ? err.message : err);
  process.exit(1);
});
