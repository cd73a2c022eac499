import { Gauge } from 'prom-client';
import { type Knex } from 'knex';
import { metricsRegistry } from './metrics.js';

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

/** Pool saturation, read from the Knex (tarn) pool at scrape time. */
export function registerDbPoolMetrics(db: Knex): void {
  // One pool per process is measured; registering again (tests) replaces the earlier gauges.
  metricsRegistry.removeSingleMetric('smartclinix_db_pool_connections');
  metricsRegistry.removeSingleMetric('smartclinix_db_pool_max');
  const pool = () => (db.client as { pool?: TarnPool }).pool;
  new Gauge({
    name: 'smartclinix_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [metricsRegistry],
    collect() {
      const p = pool();
      this.set({ state: 'used' }, p?.numUsed() ?? 0);
      this.set({ state: 'free' }, p?.numFree() ?? 0);
      this.set({ state: 'pending' }, p?.numPendingAcquires() ?? 0);
    },
  });
  new Gauge({
    name: 'smartclinix_db_pool_max',
    help: 'Database pool size limit',
    registers: [metricsRegistry],
    collect() {
      this.set(pool()?.max ?? 0);
    },
  });
}
