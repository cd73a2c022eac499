import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';

/** Rows purged per statement, so one run never holds many row locks or one long transaction. */
const BATCH = 500;

export interface RetentionRun {
  /** Raw messages purged, per tenant that had any. */
  purged: Record<string, number>;
  /** Messages from unknown senders (no tenant) purged under the deployment default. */
  unattributed: number;
}

/** Runs `batch` until it purges fewer than a full batch; the total purged. */
async function drain(batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const purged = await batch();
    total += purged;
    if (purged < BATCH) return total;
  }
}

/**
 * One batch of one tenant's purge: its messages older than its retention period (lab settings,
 * else the deployment default) lose their raw text, and keep their row with the text's SHA-256.
 * Only messages that are finished with are purged: processed ones, and ones never accepted (AE/AR).
 * An accepted message still waiting to be processed keeps its text however old it is, so nothing
 * accepted is lost. Locked rows (being processed right now) are skipped until the next run.
 */
function purgeTenantBatch(db: Knex, tenantId: string, defaultDays: number): Promise<number> {
  return withTenant(db, tenantId, async (trx) => {
    const result = await trx.raw<{ rowCount: number }>(
      `update hl7_inbox i
          set raw_sha256 = encode(sha256(coalesce(i.raw_bytes, convert_to(i.raw, 'UTF8'))), 'hex'),
              raw = null, raw_bytes = null, raw_purged_at = now()
        where i.id in (
          select id from hl7_inbox
           where raw_purged_at is null
             and (status <> 'accepted' or processed_at is not null)
             and received_at < now() - make_interval(days => coalesce((select raw_message_retention_days from lab_settings), ?))
           order by received_at
           limit ?
           for update skip locked)`,
      [defaultDays, BATCH],
    );
    return result.rowCount;
  });
}

/**
 * Purges raw lab messages past their retention period, for every tenant or the ones given, and
 * (when no tenants are named) the unattributed messages from unknown senders. Run periodically by
 * the lab ingestion process; safe to run from several processes at once.
 */
export async function purgeExpiredRawMessages(db: Knex, options: { defaultRetentionDays: number; tenantIds?: string[] }): Promise<RetentionRun> {
  const tenants = options.tenantIds ?? (await db('tenants').select<{ id: string }[]>('id')).map((t) => t.id);
  const purged: Record<string, number> = {};
  for (const tenantId of tenants) {
    const count = await drain(() => purgeTenantBatch(db, tenantId, options.defaultRetentionDays));
    if (count > 0) purged[tenantId] = count;
  }
  const unattributed = options.tenantIds
    ? 0
    : await drain(async () => {
        const { rows } = await db.raw<{ rows: { purged: number }[] }>('select hl7_inbox_purge_unattributed(?, ?) as purged', [options.defaultRetentionDays, BATCH]);
        return rows[0]!.purged;
      });
  return { purged, unattributed };
}
