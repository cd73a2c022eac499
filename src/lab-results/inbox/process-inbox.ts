import { type Knex } from 'knex';
import { fn, raw } from 'objection';
import { withTenant } from '../../db/tenant-scope.js';
import { getIntegration } from '../integrations/integration-repository.js';
import { type LabReportMessage, parseFhirLabBundle, parseOruR01 } from '../interop/index.js';
import { LabReportRevision } from '../results/lab-report-model.js';
import { dispatchRevisions, type DispatchDeps } from './dispatch.js';
import { Hl7InboxMessage } from './hl7-inbox-model.js';
import { dueForProcessing, recordProcessingFailure } from './processing-failure.js';
import { type StoredRevision, storeReports } from './store-reports.js';

type PendingMessage = Pick<Hl7InboxMessage, 'id' | 'integrationId' | 'format' | 'raw' | 'receivedAt'>;

function parse(message: PendingMessage, defaultTimezoneOffset: string | undefined): LabReportMessage {
  // Retention purges only messages already processed (raw-retention.ts), so a pending one has its text.
  const raw = message.raw;
  if (raw === null) throw new Error('Inbox message has no raw text to process');
  return message.format === 'fhir' ? parseFhirLabBundle(JSON.parse(raw)) : parseOruR01(raw, { defaultTimezoneOffset });
}

/**
 * Claims an accepted, unprocessed message for this transaction, or nothing when another process
 * holds it or it is done. The locking read stays as it always was (Knex, FOR UPDATE SKIP LOCKED);
 * the model only reads the row (raw text or bytes).
 */
async function claimPending(trx: Knex.Transaction, inboxId: string): Promise<PendingMessage | undefined> {
  const row = await trx('hl7_inbox')
    .where({ id: inboxId, status: 'accepted' })
    .whereNull('processed_at')
    .forUpdate()
    .skipLocked()
    .first<Record<string, unknown> | undefined>('id', 'integration_id', 'format', 'raw', 'raw_bytes', 'received_at');
  return row && Hl7InboxMessage.fromDatabaseJson(row);
}

/**
 * Turns an accepted inbox message into reports, revisions and observations, then hands each
 * revision to its workflow. Runs after the ACK; the row is locked (SKIP LOCKED) so two processes
 * never process the same message, and `processed_at` commits with the stored reports. When
 * processing fails, the failure is written on the row (see `processing-failure.ts`) before the
 * error is passed on, so the sweeper backs off and the integration-errors list shows it.
 * @returns the revisions stored now (none when another process had it, or it was already done)
 */
export async function processInboxMessage(deps: DispatchDeps, tenantId: string, inboxId: string): Promise<StoredRevision[]> {
  let stored: StoredRevision[];
  try {
    stored = await withTenant(deps.db, tenantId, async (trx) => {
      const message = await claimPending(trx, inboxId);
      if (!message) return [];
      const integrationId = message.integrationId!;
      const integration = await getIntegration(trx, integrationId);
      const parsed = parse(message, integration?.defaultTimezoneOffset ?? undefined);
      const revisions = await storeReports(trx, { tenantId, integrationId, inboxId: message.id, receivedAt: message.receivedAt }, parsed);
      // `error: null` clears what an earlier failed attempt wrote (the attempt count stays, as history).
      await Hl7InboxMessage.query(trx).patch({ processedAt: fn.now(), reportCount: revisions.length, error: null, processingRetryAt: null }).where('id', message.id);
      return revisions;
    });
  } catch (error) {
    // If even that cannot be written (database down), the processing error is still what surfaces.
    await recordProcessingFailure(deps.db, tenantId, inboxId, error).catch(() => undefined);
    throw error;
  }
  // Dispatch failures leave the revisions undispatched, for the sweeper: the message itself is done.
  await dispatchRevisions(deps, tenantId, stored);
  return stored;
}

const olderThan = (seconds: number) => raw('now() - make_interval(secs => ?)', [seconds]);

/** Revisions stored but not yet handed to their workflow (a crash after commit, Temporal down). */
export async function undispatchedRevisions(db: Knex, tenantId: string, olderThanSeconds: number, limit: number): Promise<StoredRevision[]> {
  const revisions = await withTenant(db, tenantId, async (trx) =>
    LabReportRevision.query(trx)
      .whereNull('dispatched_at')
      .where('received_at', '<', olderThan(olderThanSeconds))
      .orderBy('received_at')
      .limit(limit)
      .select('id', 'report_id'),
  );
  return revisions.map((revision) => ({ reportId: revision.reportId, revisionId: revision.id }));
}

/**
 * Accepted messages not yet processed (the process stopped between ACK and processing), except
 * those whose last processing attempt failed and whose retry time has not come.
 */
export async function unprocessedInbox(db: Knex, tenantId: string, olderThanSeconds: number, limit: number): Promise<string[]> {
  const messages = await withTenant(db, tenantId, async (trx) =>
    Hl7InboxMessage.query(trx)
      .where({ status: 'accepted' })
      .whereNull('processed_at')
      .where('received_at', '<', olderThan(olderThanSeconds))
      .where(dueForProcessing())
      .orderBy('received_at')
      .limit(limit)
      .select('id'),
  );
  return messages.map((message) => message.id);
}
