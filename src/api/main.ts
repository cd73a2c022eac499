import { type Server } from 'node:http';
import { loadConfig } from '../config/load.js';
import { createAppKnex } from '../db/knex.js';
import { createLogger } from '../logging/logger.js';
import { createTemporalClient } from '../temporal/client.js';
import { createApp } from './app.js';

/** The API process: validates config, opens one DB pool and one Temporal connection, serves HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'api' });
  const dbUrl = config.db.appUrl ?? config.db.url;
  if (!dbUrl) throw new Error('DATABASE_URL (or APP_DATABASE_URL) is required');
  const db = createAppKnex(dbUrl, config.db.poolMax);
  const { client, connection } = await createTemporalClient(config);
  const app = createApp({ config, db, temporal: client, logger });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(config.http.port, () => resolve(s));
  });
  logger.info({ port: config.http.port }, 'api listening');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api shutting down');
    // Stop accepting, let in-flight requests finish, then close pools.
    server.close(() => {
      void Promise.allSettled([connection.close(), db.destroy()]).then(() => process.exit(0));
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
