import { rmSync } from 'node:fs';
import { dropDatabase } from '../../src/db/knex.js';
import { getServices } from '../support/services.js';

/** Stops what the global setup started and drops the run's database. */
export default async function globalTeardown(): Promise<void> {
  const services = getServices();
  if (!services) return;
  await services.stopTemporal?.();
  if (services.databaseUrl) await dropDatabase(services.databaseUrl).catch(() => undefined);
  await services.stopEmbeddedPostgres?.();
  rmSync(services.scratch, { recursive: true, force: true });
}
