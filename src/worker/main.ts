import { existsSync } from 'node:fs';
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfig } from '../config/load.js';
import { createAppKnex } from '../db/knex.js';
import { createLogger } from '../logging/logger.js';
import { sharedKnowledgeBase } from '../prescriptions/shared-knowledge-base.js';
import { createActivities } from '../activities/index.js';
import { createMessagingDeps } from '../messaging/runtime/messaging-deps.js';
import { registerDbPoolMetrics } from '../observability/db-pool-metrics.js';
import { traceDatabaseQueries } from '../observability/db-tracing.js';
import { startMetricsServer } from '../observability/metrics-server.js';
import { initTracing } from '../observability/tracing.js';
import { temporalTls } from '../temporal/tls.js';
import { createWorker } from './create-worker.js';
import { pinoTemporalLogger } from './temporal-logger.js';

/** The worker process: runs workflows and activities; shuts down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = initTracing({ serviceName: 'smartclinix-worker', otlpEndpoint: config.observability.otlpEndpoint });
  const logger = createLogger({ level: config.logLevel, name: 'worker' });
  const sdkMetricsPort = config.observability.temporalSdkMetricsPort;
  Runtime.install({
    logger: pinoTemporalLogger(logger),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      // The SDK's own metrics: schedule-to-start latency, sticky cache, pollers, slots.
      ...(sdkMetricsPort !== undefined
        ? { metrics: { prometheus: { bindAddress: `${config.observability.metricsHost}:${sdkMetricsPort}`, useSecondsForDurations: true } } }
        : {}),
    },
  });
  const dbUrl = config.db.appUrl ?? config.db.url;
  if (!dbUrl) throw new Error('DATABASE_URL (or APP_DATABASE_URL) is required');
  // A broken drug knowledge base must stop start-up, not surface at the first prescription.
  await sharedKnowledgeBase(config.prescriptions.drugKbDir);
  const db = createAppKnex(dbUrl, config.db.poolMax);
  registerDbPoolMetrics(db);
  traceDatabaseQueries(db);
  const connection = await NativeConnection.connect({ address: config.temporal.address, tls: temporalTls(config) });

  // Twilio and SMTP from config; without them (never in production) the dev SMS transport and an SMTP catcher.
  const messaging = await createMessagingDeps(config, db);
  if (messaging.devMailbox) logger.info({ smtpPort: messaging.devMailbox.port }, 'dev email catcher listening (SMTP_URL is not set)');

  const bundlePath = config.temporal.workflowBundlePath;
  if (config.env === 'production' && (!bundlePath || !existsSync(bundlePath))) {
    throw new Error('WORKFLOW_BUNDLE_PATH must point at the prebuilt bundle in production (npm run build)');
  }
  const worker = await createWorker({
    config,
    connection,
    tracing,
    activities: createActivities({ ...messaging.activityDeps, db, labCriticalAckDeadlineSeconds: config.labResults.criticalAckDeadlineSeconds }),
    ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : {}),
  });
  const metricsServer =
    config.http.metricsPort !== undefined
      ? await startMetricsServer(config.http.metricsPort, config.observability.metricsHost, () => worker.getState() === 'RUNNING')
      : undefined;
  logger.info({ taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace }, 'worker started');
  // worker.run() resolves after a graceful shutdown, which the Runtime triggers on SIGINT/SIGTERM.
  await worker.run();
  metricsServer?.close();
  await messaging.close();
  await connection.close();
  await db.destroy();
  await tracing.shutdown();
  logger.info('worker stopped');
}

main().catch((err: unknown) => {
  console.error('worker failed to start', err instanceof Error ? err.message : err);
  process.exit(1);
});
