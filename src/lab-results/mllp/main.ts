import { loadConfig } from '../../config/load.js';
import { createAppKnex } from '../../db/knex.js';
import { createLogger } from '../../logging/logger.js';
import { startMetricsServer } from '../../observability/metrics-server.js';
import { createTemporalClient } from '../../temporal/client.js';
import { createLabIngestion } from '../inbox/ingestion.js';
import { purgeExpiredRawMessages } from '../inbox/raw-retention.js';
import { startLabMllpListener } from './listener.js';

const SWEEP_INTERVAL_MS = 15_000;
const RETENTION_INTERVAL_MS = 3_600_000;

/**
 * The lab ingestion process: the MLLP listener, the processing that follows each ACK, and the
 * sweeper that finishes what a crash interrupted (also for messages received over HTTP), and the
 * hourly purge of raw messages past their retention period.
 * Run on its own so a burst of lab traffic cannot slow the API down, and vice versa.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'mllp' });
  const dbUrl = config.db.appUrl ?? config.db.url;
  if (!dbUrl) throw new Error('DATABASE_URL (or APP_DATABASE_URL) is required');
  const db = createAppKnex(dbUrl, config.db.poolMax);
  const { client, connection } = await createTemporalClient(config);
  const ingestion = createLabIngestion({ db, temporal: client, taskQueue: config.temporal.taskQueue, logger });
  const { server, address } = await startLabMllpListener({ ingestion, mllp: config.labResults.mllp, logger });
  const metrics =
    config.labResults.mllp.metricsPort === undefined
      ? undefined
      : await startMetricsServer(config.labResults.mllp.metricsPort, config.observability.metricsHost);
  logger.info({ port: address.port, host: address.address, tls: Boolean(config.labResults.mllp.tls) }, 'mllp listening');

  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    ingestion
      .sweep()
      .then((done) => {
        if (done.processed + done.dispatched + done.failed > 0) logger.info(done, 'lab ingestion sweep');
      })
      .catch((err: unknown) => logger.warn({ err: { type: (err as Error)?.name } }, 'lab ingestion sweep failed'))
      .finally(() => {
        sweeping = false;
      });
  }, SWEEP_INTERVAL_MS);

  const purgeExpired = () =>
    purgeExpiredRawMessages(db, { defaultRetentionDays: config.labResults.rawMessageRetentionDays })
      .then(({ purged, unattributed }) => {
        const tenants = Object.keys(purged).length;
        if (tenants + unattributed > 0) logger.info({ tenants, purged: Object.values(purged).reduce((a, b) => a + b, 0), unattributed }, 'lab raw messages purged');
      })
      .catch((err: unknown) => logger.warn({ err: { type: (err as Error)?.name } }, 'lab raw message purge failed; retried next hour'));
  const retention = setInterval(() => void purgeExpired(), RETENTION_INTERVAL_MS);
  void purgeExpired();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'mllp shutting down');
    clearInterval(sweeper);
    clearInterval(retention);
    setTimeout(() => process.exit(1), 25_000).unref();
    // Finish the frames already received (their ACKs), then the processing they scheduled.
    void server
      .close()
      .then(() => ingestion.idle())
      .then(() => Promise.allSettled([connection.close(), db.destroy(), new Promise((resolve) => (metrics ? metrics.close(resolve) : resolve(undefined)))]))
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('mllp failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
