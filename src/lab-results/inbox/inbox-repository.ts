import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { type AckCode } from '../interop/index.js';
import { Hl7InboxMessage, type InboxError, type InboxFormat, type InboxStatus, type InboxTransport } from './hl7-inbox-model.js';

export type { InboxError, InboxFormat, InboxStatus, InboxTransport } from './hl7-inbox-model.js';

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

/** The row as the model writes it (columns, NUL-safe raw, error columns), for the statements below. */
function columnsOf(message: NewInboxMessage, id: string): Record<string, unknown> {
  return Hl7InboxMessage.fromJson({ ...message, id, error: message.error ?? null }, { skipValidation: true }).$toDatabaseJson();
}

/** An accepted row's error columns are a later processing failure, not part of the answer (AA). */
function toStored(message: Hl7InboxMessage, duplicate: boolean): StoredInboxMessage {
  const error = message.status === 'accepted' ? undefined : (message.error ?? undefined);
  return { id: message.id, status: message.status, ackCode: message.ackCode, duplicate, error };
}

const DEDUPE_TARGET = '(tenant_id, sending_facility, message_control_id) where tenant_id is not null and message_control_id is not null';
const RETURNED = ['id', 'status', 'ack_code', 'ack_condition', 'error_code', 'error_text', 'error_location', 'error_details'];

/**
 * Stores a message for its tenant and commits with the caller's transaction. A message with the
 * same control ID from the same sender is not stored again: the first one's outcome is returned,
 * marked as a duplicate, so it is answered the same way and never processed twice.
 *
 * One raw statement, as it sits on the ACK path: the dedupe index is partial, and naming it in
 * `on conflict` needs its predicate, which the query builders cannot express.
 */
export async function storeTenantMessage(trx: Knex.Transaction, message: NewInboxMessage): Promise<StoredInboxMessage> {
  const row = columnsOf(message, randomUUID());
  const columns = Object.keys(row);
  const inserted = await trx.raw<{ rows: Record<string, unknown>[] }>(
    `insert into hl7_inbox (${columns.map(() => '??').join(', ')}) values (${columns.map(() => '?').join(', ')})
     on conflict ${DEDUPE_TARGET} do nothing returning ${RETURNED.join(', ')}`,
    [...columns, ...(Object.values(row) as Knex.Value[])],
  );
  if (inserted.rows[0]) return toStored(Hl7InboxMessage.fromDatabaseJson(inserted.rows[0]), false);
  // The key as stored (a NUL in it is stored as U+FFFD), so a retransmission finds its original.
  const existing = await Hl7InboxMessage.query(trx)
    .where({ sending_facility: row.sending_facility ?? null, message_control_id: row.message_control_id ?? null })
    .select(RETURNED)
    .first();
  if (!existing) throw new Error('hl7_inbox: duplicate detected but the original is not visible');
  return toStored(existing, true);
}

/**
 * Keeps a message that belongs to no tenant (no readable header, or a sender nobody allow-listed).
 * Such rows are write-only for the app role: no tenant can read them.
 */
export async function storeUnattributedMessage(db: Knex, message: Omit<NewInboxMessage, 'tenantId' | 'integrationId'>): Promise<string> {
  const id = randomUUID();
  // Plain Knex: the row is invisible to the app role, so the RETURNING an Objection insert always
  // adds would be refused.
  await db('hl7_inbox').insert(columnsOf({ ...message, tenantId: null, integrationId: null }, id));
  return id;
}
