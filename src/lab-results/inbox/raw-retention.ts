import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { LabSettings } from '../settings/lab-settings-model.js';

/** Rows purged per statement, so one run never holds many row locks or one long transaction. */
const BATCH = 500;

export interface RetentionRun {
  /** Raw messages purged, per tenant that had any. */
  purged: Record<string, number>;
  /** Messages from unknown senders (no tenant) purged under the deployment default. */
  unattributed: number;
}

/**
 * One tenant's purge: its messages older than its retention period (lab settings, else the
 * deployment default) lose their raw text, and keep their row with the text's SHA-256. Only
 * messages that are finished with are purged: processed ones, and ones never accepted (AE/AR). An
 * accepted message still waiting to be processed keeps its text however old it is, so nothing
 * accepted is lost. Locked rows (being processed right now) are skipped until the next run.
 */
async function purgeTenant(db: Knex, tenantId: string, defaultDays: number): Promise<number> {
  let total = 0;
  for (;;) {
    const purged = await withTenant(db, tenantId, async (trx) => {
      const settings = await LabSettings.query(trx).select('raw_message_retention_days').first();
      const days = settings?.rawMessageRetentionDays ?? defaultDays;
      const result = await trx.raw<{ rowCount: number }>(
        `update hl7_inbox i
            set raw_sha256 = encode(sha256(coalesce(i.raw_bytes, convert_to(i.raw, 'UTF8'))), 'hex'),
                raw = null, raw_bytes = null, raw_purged_at = now()
          where i.id in (
            select id from hl7_inbox
             where raw_purged_at is null
               and (status <> 'accepted' or processed_at is not null)
               and received_at < now() - make_interval(days => ?)
             order by received_at
             limit ?
             for update skip locked)`,
        [days, BATCH],
      );
      return result.rowCount;
    });
    total += purged;
    if (purged < BATCH) return total;
  }
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
    const count = await purgeTenant(db, tenantId, options.defaultRetentionDays);
    if (count > 0) purged[tenantId] = count;
  }
  let unattributed = 0;
  if (!options.tenantIds) {
    for (;;) {
      const { rows } = await db.raw<{ rows: { purged: number }[] }>('select hl7_inbox_purge_unattributed(?, ?) as purged', [options.defaultRetentionDays, BATCH]);
      unattributed += rows[0]!.purged;
      if (rows[0]!.purged < BATCH) break;
    }
  }
  return { purged, unattributed };
}
