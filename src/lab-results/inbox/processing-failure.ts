import { type Knex } from 'knex';
import { raw } from 'objection';
import { withTenant } from '../../db/tenant-scope.js';
import { pgErrorOf } from '../../db/pg-error.js';
import { Hl7InboxMessage } from './hl7-inbox-model.js';

/**
 * An accepted message (answered AA, so the lab will not send it again) whose processing failed:
 * a bug, a parser change, data the database refuses. It must neither be dropped nor retried in a
 * tight loop for ever, so each failure is written on the inbox row (error columns, which an
 * accepted row otherwise leaves empty, and the attempt count and retry time; the status and ACK
 * code stay what was answered), the sweeper leaves it alone for a growing delay, and the
 * integration-errors list shows it.
 */
export const PROCESSING_FAILED = 'PROCESSING_FAILED';

/** What `error_details` holds for a processing failure: the error's kind, never a value. */
export interface ProcessingFailureDetails {
  /** The error's class name, and the PostgreSQL code when the database refused the data. */
  errorType: string;
  pgCode: string | null;
}

const FIRST_RETRY_SECONDS = 30;
const MAX_RETRY_SECONDS = 6 * 3600;

/** 30 s, 2 min, 8 min, 32 min, about 2 h, then every 6 h: a fixed bug is picked up without a restart. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(FIRST_RETRY_SECONDS * 4 ** Math.max(0, attempts - 1), MAX_RETRY_SECONDS);
}

/** Only accepted, unprocessed rows whose retry time (if any) has come. */
export const dueForProcessing = () => raw("coalesce(processing_retry_at, '-infinity'::timestamptz) <= now()");

/**
 * Writes the failure in a transaction of its own (the processing one has rolled back): the error
 * columns, one more attempt, and the time before which the sweeper leaves the message alone.
 * @returns the attempts so far, or undefined when the row is no longer pending
 */
export async function recordProcessingFailure(db: Knex, tenantId: string, inboxId: string, error: unknown, now = new Date()): Promise<number | undefined> {
  return withTenant(db, tenantId, async (trx) => {
    const pending = await Hl7InboxMessage.query(trx)
      .where({ id: inboxId, status: 'accepted' })
      .whereNull('processed_at')
      .forUpdate()
      .first()
      .select('processing_attempts');
    if (!pending) return undefined;
    const attempts = pending.processingAttempts + 1;
    const details: ProcessingFailureDetails = { errorType: error instanceof Error ? error.name : typeof error, pgCode: pgErrorOf(error)?.code ?? null };
    await Hl7InboxMessage.query(trx)
      .patch({
        error: { code: PROCESSING_FAILED, text: `Accepted, but processing failed (${attempts} attempt${attempts === 1 ? '' : 's'}); retried automatically`, details },
        processingAttempts: attempts,
        processingRetryAt: new Date(now.getTime() + retryDelaySeconds(attempts) * 1000).toISOString(),
      })
      .where('id', inboxId);
    return attempts;
  });
}
