import { Gauge } from 'prom-client';
import { type Knex } from 'knex';
import { metricsRegistry } from './metrics.js';

interface Row {
  metric: string;
  tenant: string;
  label: string;
  value: number;
}

/** Gauge name and help, and the label its per-tenant breakdown uses (queue = task type). */
const GAUGES = {
  tasks_open: ['smartclinix_tasks_open', 'Open and claimed tasks per queue', 'queue'],
  task_oldest_open_age_seconds: ['smartclinix_task_oldest_open_age_seconds', 'Age of the oldest open task per queue', 'queue'],
  referrals_overdue: ['smartclinix_referrals_overdue', 'Referral stages past their SLA (not paused)', 'stage'],
  prescriptions_awaiting_signature: ['smartclinix_prescriptions_awaiting_signature', 'Prescription requests waiting for a signer', undefined],
  critical_results_unacknowledged_overdue: [
    'smartclinix_critical_results_unacknowledged_overdue',
    'Critical results not acknowledged by their deadline',
    undefined,
  ],
} as const;

/**
 * Operational gauges read from PostgreSQL at scrape time through the `operational_metrics()`
 * aggregate (counts per tenant and label, never rows). One query per scrape, cached briefly so
 * several gauges and scrapers share it.
 */
export function registerOperationalGauges(db: Knex, cacheMs = 10_000): void {
  let cached: { at: number; rows: Promise<Row[]> } | undefined;
  const snapshot = () => {
    if (!cached || Date.now() - cached.at > cacheMs) {
      const rows = db.raw<{ rows: Row[] }>('select metric, tenant, label, value from operational_metrics()').then((r) => r.rows);
      cached = { at: Date.now(), rows: rows.catch(() => []) };
    }
    return cached.rows;
  };
  for (const [metric, [name, help, labelName]] of Object.entries(GAUGES)) {
    metricsRegistry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      labelNames: labelName ? ['tenant', labelName] : ['tenant'],
      registers: [metricsRegistry],
      async collect() {
        this.reset();
        for (const row of await snapshot()) {
          if (row.metric !== metric) continue;
          this.set(labelName ? { tenant: row.tenant, [labelName]: row.label } : { tenant: row.tenant }, Number(row.value));
        }
      },
    });
  }
}
