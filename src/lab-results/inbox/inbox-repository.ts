import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { type AckCode, type Hl7ErrorConditionCode, type Hl7Location } from '../interop/index.js';

export type InboxTransport = 'mllp' | 'http-hl7' | 'http-fhir';
export type InboxFormat = 'hl7v2' | 'fhir';
/** accepted: parsed, to be processed; failed: could not be parsed; rejected: sender not allowed. */
export type InboxStatus = 'accepted' | 'failed' | 'rejected';

export interface InboxError {
  /** Hl7ParseError code, FHIR_INVALID, UNKNOWN_SENDER… never a value from the message. */
  code: string;
  text: string;
  location?: Hl7Location | { expression: string };
  /** HL7 table 0357 condition for ERR-3. */
  condition?: Hl7ErrorConditionCode;
  /** Structured, PHI-free details (a FHIR OperationOutcome). */
  details?: unknown;
}

export interface NewInboxMessage {
  tenantId: string | null;
  integrationId: string | null;
  transport: InboxTransport;
  format: InboxFormat;
  sendingApplication?: string;
  sendingFacility?: string;
  messageControlId?: string;
  messageType?: string;
  raw: string;
  status: InboxStatus;
  ackCode: AckCode;
  error?: InboxError;
}

/** The stored outcome of a message: what to answer, including for a retransmission. */
export interface StoredInboxMessage {
  id: string;
  status: InboxStatus;
  ackCode: AckCode;
  error?: InboxError;
  duplicate: boolean;
}

interface StoredRow {
  id: string;
  status: InboxStatus;
  ack_code: AckCode;
  ack_condition: Hl7ErrorConditionCode | null;
  error_code: string | null;
  error_text: string | null;
  error_location: InboxError['location'] | null;
  error_details: unknown;
}

function rowOf(message: NewInboxMessage, id: string) {
  return {
    id,
    tenant_id: message.tenantId,
    integration_id: message.integrationId,
    transport: message.transport,
    format: message.format,
    sending_application: message.sendingApplication ?? null,
    sending_facility: message.sendingFacility ?? null,
    message_control_id: message.messageControlId ?? null,
    message_type: message.messageType ?? null,
    // PostgreSQL text cannot hold NUL; such a message (garbage, mostly) is kept as bytes instead.
    raw: message.raw.includes('\u0000') ? null : message.raw,
    raw_bytes: message.raw.includes('\u0000') ? Buffer.from(message.raw, 'utf8') : null,
    size_bytes: Buffer.byteLength(message.raw, 'utf8'),
    status: message.status,
    ack_code: message.ackCode,
    ack_condition: message.error?.condition ?? null,
    error_code: message.error?.code ?? null,
    error_text: message.error?.text ?? null,
    error_location: message.error?.location ? JSON.stringify(message.error.location) : null,
    error_details: message.error?.details === undefined ? null : JSON.stringify(message.error.details),
  };
}

function toStored(row: StoredRow, duplicate: boolean): StoredInboxMessage {
  return {
    id: row.id,
    status: row.status,
    ackCode: row.ack_code,
    duplicate,
    error: row.error_code
      ? {
          code: row.error_code,
          text: row.error_text ?? '',
          location: row.error_location ?? undefined,
          condition: row.ack_condition ?? undefined,
          details: row.error_details ?? undefined,
        }
      : undefined,
  };
}

const DEDUPE_TARGET = '(tenant_id, sending_facility, message_control_id) where tenant_id is not null and message_control_id is not null';
const RETURNED = 'id, status, ack_code, ack_condition, error_code, error_text, error_location, error_details';

/**
 * Stores a message for its tenant and commits with the caller's transaction. A message with the
 * same control ID from the same sender is not stored again: the first one's outcome is returned,
 * marked as a duplicate, so it is answered the same way and never processed twice.
 */
export async function storeTenantMessage(trx: Knex.Transaction, message: NewInboxMessage): Promise<StoredInboxMessage> {
  const row = rowOf(message, randomUUID());
  const columns = Object.keys(row);
  const inserted = await trx.raw<{ rows: StoredRow[] }>(
    `insert into hl7_inbox (${columns.map(() => '??').join(', ')}) values (${columns.map(() => '?').join(', ')})
     on conflict ${DEDUPE_TARGET} do nothing returning ${RETURNED}`,
    [...columns, ...Object.values(row)],
  );
  if (inserted.rows[0]) return toStored(inserted.rows[0], false);
  const existing = await trx('hl7_inbox')
    .where({ sending_facility: message.sendingFacility ?? null, message_control_id: message.messageControlId ?? null })
    .first<StoredRow | undefined>(trx.raw(RETURNED));
  if (!existing) throw new Error('hl7_inbox: duplicate detected but the original is not visible');
  return toStored(existing, true);
}

/**
 * Keeps a message that belongs to no tenant (no readable header, or a sender nobody allow-listed).
 * Such rows are write-only for the app role: no tenant can read them.
 */
export async function storeUnattributedMessage(db: Knex, message: Omit<NewInboxMessage, 'tenantId' | 'integrationId'>): Promise<string> {
  const id = randomUUID();
  // No RETURNING: the row is invisible to the app role, so returning it would be refused.
  await db('hl7_inbox').insert(rowOf({ ...message, tenantId: null, integrationId: null }, id));
  return id;
}
