import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { offsetOf, type Page, toPage } from '../../registry/shared/pagination.js';
import { Hl7InboxMessage, type InboxError } from '../inbox/hl7-inbox-model.js';
import { PROCESSING_FAILED } from '../inbox/processing-failure.js';
import { formatHl7Location } from '../interop/index.js';

/**
 * A message that could not be accepted, or was accepted (AA) but could not be processed yet
 * (`status: accepted`, `errorCode: PROCESSING_FAILED`), as administrators and ops see it: who sent
 * it, when, over what, and why it failed. Never the message itself (it may hold PHI); error texts
 * name locations and rules only.
 */
export interface IntegrationErrorView {
  id: string;
  receivedAt: string;
  transport: string;
  format: string;
  sendingApplication: string | null;
  sendingFacility: string | null;
  messageControlId: string | null;
  messageType: string | null;
  status: 'failed' | 'rejected' | 'accepted';
  ackCode: string;
  errorCode: string | null;
  errorLocation: string | null;
  errorText: string | null;
  sizeBytes: number;
  /** Accepted-but-unprocessed messages: failed attempts so far and when the next one may run. */
  processingAttempts: number;
  nextAttemptAt: string | null;
}

function locationText(location: InboxError['location']): string | null {
  if (!location || typeof location !== 'object') return null;
  if ('segment' in location) return formatHl7Location(location);
  return 'expression' in location ? String(location.expression) : null;
}

export async function listIntegrationErrors(scope: AccessScope, query: { limit: number; cursor?: string }): Promise<Page<IntegrationErrorView>> {
  const offset = offsetOf(query.cursor);
  // Header fields and the outcome only: never `raw`.
  const messages = await Hl7InboxMessage.query(scope.trx)
    // Each arm matches a partial index (errors; pending): processing failures are pending rows.
    .where((q) => q.whereNot('status', 'accepted').orWhere((pending) => pending.where('status', 'accepted').whereNull('processed_at').where('error_code', PROCESSING_FAILED)))
    .orderBy([{ column: 'received_at', order: 'desc' }, { column: 'id' }])
    .limit(query.limit + 1)
    .offset(offset)
    .select([
      'id',
      'received_at',
      'transport',
      'format',
      'sending_application',
      'sending_facility',
      'message_control_id',
      'message_type',
      'status',
      'ack_code',
      'error_code',
      'error_location',
      'error_text',
      'size_bytes',
      'processing_attempts',
      'processing_retry_at',
    ]);
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'LabIntegrationError', details: { count: Math.min(messages.length, query.limit) } });
  const page = toPage(messages, query.limit, offset);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((message) => ({
      id: message.id,
      receivedAt: message.receivedAt,
      transport: message.transport,
      format: message.format,
      sendingApplication: message.sendingApplication,
      sendingFacility: message.sendingFacility,
      messageControlId: message.messageControlId,
      messageType: message.messageType,
      status: message.status,
      ackCode: message.ackCode,
      errorCode: message.error?.code ?? null,
      errorLocation: locationText(message.error?.location),
      errorText: message.error?.text ?? null,
      sizeBytes: message.sizeBytes,
      processingAttempts: message.processingAttempts,
      nextAttemptAt: message.processingRetryAt,
    })),
  };
}
