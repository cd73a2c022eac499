import { type AccessScope } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { offsetOf, type Page, toPage } from '../../registry/shared/pagination.js';
import { formatHl7Location, type Hl7Location } from '../interop/index.js';

/**
 * A message that could not be accepted, as administrators and ops see it: who sent it, when, over
 * what, and why it failed. Never the message itself (it may hold PHI); error texts name locations
 * and rules only.
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
  status: 'failed' | 'rejected';
  ackCode: string;
  errorCode: string | null;
  errorLocation: string | null;
  errorText: string | null;
  sizeBytes: number;
}

type Row = Record<string, unknown>;

function locationText(location: unknown): string | null {
  if (!location || typeof location !== 'object') return null;
  if ('segment' in location) return formatHl7Location(location as Hl7Location);
  return 'expression' in location ? String((location).expression) : null;
}

export async function listIntegrationErrors(scope: AccessScope, query: { limit: number; cursor?: string }): Promise<Page<IntegrationErrorView>> {
  const offset = offsetOf(query.cursor);
  const rows = await scope
    .trx('hl7_inbox')
    .whereNot({ status: 'accepted' })
    .orderBy([{ column: 'received_at', order: 'desc' }, { column: 'id' }])
    .limit(query.limit + 1)
    .offset(offset)
    .select<Row[]>([
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
    ]);
  await recordAudit(scope.trx, scope.actor, { action: 'read', entityType: 'LabIntegrationError', details: { count: Math.min(rows.length, query.limit) } });
  const page = toPage(rows, query.limit, offset);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id as string,
      receivedAt: (r.received_at as Date).toISOString(),
      transport: r.transport as string,
      format: r.format as string,
      sendingApplication: (r.sending_application as string | null) ?? null,
      sendingFacility: (r.sending_facility as string | null) ?? null,
      messageControlId: (r.message_control_id as string | null) ?? null,
      messageType: (r.message_type as string | null) ?? null,
      status: r.status as IntegrationErrorView['status'],
      ackCode: r.ack_code as string,
      errorCode: (r.error_code as string | null) ?? null,
      errorLocation: locationText(r.error_location),
      errorText: (r.error_text as string | null) ?? null,
      sizeBytes: r.size_bytes as number,
    })),
  };
}
