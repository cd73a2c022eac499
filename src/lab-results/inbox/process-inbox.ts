import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { getIntegration } from '../integrations/integration-repository.js';
import { type LabReportMessage, parseFhirLabBundle, parseOruR01 } from '../interop/index.js';
import { dispatchRevisions, type DispatchDeps } from './dispatch.js';
import { type StoredRevision, storeReports } from './store-reports.js';

interface PendingRow {
  id: string;
  integration_id: string;
  format: 'hl7v2' | 'fhir';
  raw: string | null;
  raw_bytes: Buffer | null;
  received_at: Date;
}

function parse(row: PendingRow, defaultTimezoneOffset: string | undefined): LabReportMessage {
  const raw = row.raw ?? row.raw_bytes!.toString('utf8');
  return row.format === 'fhir' ? parseFhirLabBundle(JSON.parse(raw)) : parseOruR01(raw, { defaultTimezoneOffset });
}

/**
 * Turns an accepted inbox message into reports, revisions and observations, then hands each
 * revision to its workflow. Runs after the ACK; the row is locked (SKIP LOCKED) so two processes
 * never process the same message, and `processed_at` commits with the stored reports.
 * @returns the revisions stored now (none when another process had it, or it was already done)
 */
export async function processInboxMessage(deps: DispatchDeps, tenantId: string, inboxId: string): Promise<StoredRevision[]> {
  const stored = await withTenant(deps.db, tenantId, async (trx) => {
    const row = await trx('hl7_inbox')
      .where({ id: inboxId, status: 'accepted' })
      .whereNull('processed_at')
      .forUpdate()
      .skipLocked()
      .first<PendingRow | undefined>('id', 'integration_id', 'format', 'raw', 'raw_bytes', 'received_at');
    if (!row) return [];
    const integration = await getIntegration(trx, row.integration_id);
    const message = parse(row, integration?.defaultTimezoneOffset ?? undefined);
    const revisions = await storeReports(
      trx,
      { tenantId, integrationId: row.integration_id, inboxId: row.id, receivedAt: row.received_at },
      message,
    );
    await trx('hl7_inbox').where({ id: row.id }).update({ processed_at: trx.fn.now(), report_count: revisions.length });
    return revisions;
  });
  await dispatchRevisions(deps, tenantId, stored);
  return stored;
}

/** Revisions stored but not yet handed to their workflow (a crash after commit, Temporal down). */
export async function undispatchedRevisions(db: Knex, tenantId: string, olderThanSeconds: number, limit: number): Promise<StoredRevision[]> {
  return withTenant(db, tenantId, (trx) =>
    trx('lab_report_revisions')
      .whereNull('dispatched_at')
      .where('received_at', '<', trx.raw(`now() - make_interval(secs => ?)`, [olderThanSeconds]))
      .orderBy('received_at')
      .limit(limit)
      .select<StoredRevision[]>({ reportId: 'report_id', revisionId: 'id' }) as Promise<StoredRevision[]>,
  );
}

/** Accepted messages not yet processed (the process stopped between ACK and processing). */
export async function unprocessedInbox(db: Knex, tenantId: string, olderThanSeconds: number, limit: number): Promise<string[]> {
  const rows = await withTenant(db, tenantId, (trx) =>
    trx('hl7_inbox')
      .where({ status: 'accepted' })
      .whereNull('processed_at')
      .where('received_at', '<', trx.raw(`now() - make_interval(secs => ?)`, [olderThanSeconds]))
      .orderBy('received_at')
      .limit(limit)
      .select<{ id: string }[]>('id'),
  );
  return rows.map((row) => row.id);
}
