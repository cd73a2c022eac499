import { type Client } from '@temporalio/client';
import { type Knex } from 'knex';
import { type Logger } from '../../logging/logger.js';
import { hl7MessagesTotal } from '../../observability/metrics.js';
import { type InboxTransport } from './inbox-repository.js';
import { processInboxMessage, undispatchedRevisions, unprocessedInbox } from './process-inbox.js';
import { dispatchRevisions } from './dispatch.js';
import { type FhirReceipt, receiveFhirBundle } from './receive-fhir.js';
import { type Hl7Receipt, type HttpSubmitter, receiveHl7 } from './receive-hl7.js';
import { WorkQueue } from './work-queue.js';

export interface LabIngestionDeps {
  db: Knex;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  /** Messages processed at once after their ACK. */
  concurrency?: number;
  /**
   * False stores and acknowledges only; processing is left to a sweeper elsewhere (used by the
   * benchmark to measure the ACK path alone).
   */
  processAfterAck?: boolean;
}

export interface LabIngestion {
  receiveHl7(raw: string, transport: InboxTransport, submitter?: HttpSubmitter): Promise<Hl7Receipt>;
  receiveFhir(raw: string, submitter: HttpSubmitter): Promise<FhirReceipt>;
  /**
   * Processes what a crash or an outage left behind: unprocessed messages, undispatched revisions
   * older than `olderThanSeconds` (default 30), for every tenant or the ones given. A message that
   * fails is logged, counted in `failed` and retried later (with a growing delay); it does not
   * stop the sweep for the messages and tenants after it.
   */
  sweep(options?: { olderThanSeconds?: number; tenantIds?: string[] }): Promise<{ processed: number; dispatched: number; failed: number }>;
  /** Waits for the processing already scheduled (shutdown, tests). */
  idle(): Promise<void>;
}

/**
 * The lab-result ingestion pipeline shared by the MLLP listener and the HTTP routes: store raw →
 * answer → process (parse, store reports, start one workflow per report). Processing happens after
 * the answer, in the background; the sweeper is the safety net for whatever a crash interrupts.
 */
export function createLabIngestion(deps: LabIngestionDeps): LabIngestion {
  const queue = new WorkQueue(deps.concurrency ?? 4, (error) =>
    deps.logger.warn({ err: { type: (error as Error)?.name } }, 'lab ingestion: processing failed; the sweeper will retry'),
  );
  const schedule = (tenantId: string, inboxId: string) => {
    if (deps.processAfterAck === false) return;
    queue.push(async () => {
      try {
        await processInboxMessage(deps, tenantId, inboxId);
      } catch (error) {
        // IDs only: the failure itself is written on the inbox row.
        deps.logger.warn({ tenantId, inboxId, err: { type: (error as Error)?.name } }, 'lab ingestion: processing failed; the sweeper will retry');
      }
    });
  };

  return {
    async receiveHl7(raw, transport, submitter) {
      const receipt = await receiveHl7(deps.db, raw, transport, submitter);
      hl7MessagesTotal.inc({ tenant: receipt.stored?.tenantId ?? 'unattributed', ack_code: receipt.ackCode });
      if (receipt.stored?.status === 'accepted') schedule(receipt.stored.tenantId, receipt.stored.id);
      deps.logger.info(
        { inboxId: receipt.stored?.id, tenantId: receipt.stored?.tenantId, transport, ackCode: receipt.ackCode, duplicate: receipt.stored?.duplicate ?? false },
        'hl7 message received',
      );
      return receipt;
    },
    async receiveFhir(raw, submitter) {
      const receipt = await receiveFhirBundle(deps.db, raw, submitter);
      if (receipt.outcome === 'accepted') schedule(receipt.stored.tenantId, receipt.stored.id);
      deps.logger.info(
        { inboxId: receipt.outcome === 'no-integration' ? undefined : receipt.stored.id, tenantId: submitter.tenantId, outcome: receipt.outcome },
        'fhir bundle received',
      );
      return receipt;
    },
    async sweep({ olderThanSeconds = 30, tenantIds } = {}) {
      let processed = 0;
      let dispatched = 0;
      let failed = 0;
      const warn = (error: unknown, fields: Record<string, unknown>, what: string) =>
        deps.logger.warn({ ...fields, err: { type: (error as Error)?.name } }, what);
      const tenants = tenantIds ?? (await deps.db('tenants').select<{ id: string }[]>('id')).map((t) => t.id);
      for (const tenantId of tenants) {
        for (const inboxId of await unprocessedInbox(deps.db, tenantId, olderThanSeconds, 500)) {
          try {
            processed += (await processInboxMessage(deps, tenantId, inboxId)).length > 0 ? 1 : 0;
          } catch (error) {
            failed += 1;
            warn(error, { tenantId, inboxId }, 'lab ingestion sweep: processing failed; retried later');
          }
        }
        const revisions = await undispatchedRevisions(deps.db, tenantId, olderThanSeconds, 500);
        try {
          await dispatchRevisions(deps, tenantId, revisions);
          dispatched += revisions.length;
        } catch (error) {
          warn(error, { tenantId }, 'lab ingestion sweep: dispatch failed; retried next sweep');
        }
      }
      return { processed, dispatched, failed };
    },
    idle: () => queue.idle(),
  };
}
