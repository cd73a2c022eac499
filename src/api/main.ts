import { type Server } from 'node:http';
import { loadConfig } from '../config/load.js';
import { createAppKnex } from '../db/knex.js';
import { createLogger } from '../logging/logger.js';
import { sharedKnowledgeBase } from '../prescriptions/shared-knowledge-base.js';
import { registerDbPoolMetrics } from '../observability/db-pool-metrics.js';
import { registerOperationalGauges } from '../observability/operational-gauges.js';
import { traceDatabaseQueries } from '../observability/db-tracing.js';
import { startMetricsServer } from '../observability/metrics-server.js';
import { initTracing } from '../observability/tracing.js';
import { createTemporalClient } from '../temporal/client.js';
import { createApp } from './app.js';

/** The API process: validates config, opens one DB pool and one Temporal connection, serves HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = initTracing({ serviceName: 'smartclinix-api', otlpEndpoint: config.observability.otlpEndpoint });
  const logger = createLogger({ level: config.logLevel, name: 'api' });
  const dbUrl = config.db.appUrl ?? config.db.url;
  if (!dbUrl) throw new Error('DATABASE_URL (or APP_DATABASE_URL) is required');
  // A broken drug knowledge base must stop start-up, not surface at the first prescription.
  await sharedKnowledgeBase(config.prescriptions.drugKbDir);
  const db = createAppKnex(dbUrl, config.db.poolMax);
  registerDbPoolMetrics(db);
  registerOperationalGauges(db);
  traceDatabaseQueries(db);
  const { client, connection } = await createTemporalClient(config);
  const app = createApp({ config, db, temporal: client, logger });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.http.port, () => resolve(s));
  });
  logger.info({ port: config.http.port }, 'api listening');
  const metricsServer =
    config.http.metricsPort !== undefined ? await startMetricsServer(config.http.metricsPort, config.observability.metricsHost) : undefined;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api shutting down');
    // Stop accepting, let in-flight requests finish, then close pools.
    server.close(() => {
      metricsServer?.close();
      void Promise.allSettled([connection.close(), db.destroy(), tracing.shutdown()]).then(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 25_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('api failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
