/**
 * Data access for `message_deliveries`. Every status change goes through `transition`, which applies
 * the rules of statuses.ts to the locked row, so no caller can move a terminal message.
 * Rows come back as plain objects (camelCase, timestamps as ISO strings).
 */
import { type Knex } from 'knex';
import { fn, type PartialModelObject, raw } from 'objection';
import { insertedRows } from '../../db/models/inserted-rows.js';
import { MessageDelivery } from './message-delivery-model.js';
import { type DeliveryStatus, isTerminal, nextStatus } from './statuses.js';

export interface DeliveryRow {
  id: string;
  tenantId: string;
  idempotencyKey: string;
  requestHash: string;
  recipientType: 'patient' | 'user';
  patientId: string | null;
  userId: string | null;
  template: string;
  purpose: string;
  channelChoice: 'sms' | 'email' | 'preferred';
  subjectType: string | null;
  subjectId: string | null;
  replyWorkflowId: string | null;
  replyExpiresAt: string | null;
  fallbackOf: string | null;
  channel: 'sms' | 'email' | null;
  status: DeliveryStatus;
  reason: string | null;
  deferredUntil: string | null;
  providerMessageId: string | null;
  providerStatus: string | null;
  errorCode: string | null;
  attempts: number;
  attemptToken: string | null;
  leaseUntil: string | null;
  /** Start of an attempt whose outcome is unknown: it may have reached the provider. */
  pendingAttemptAt: string | null;
  contentSealed: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  completedAt: string | null;
}

/** A time to write: a Date or an ISO string. */
type Instant = Date | string;

/** Columns a caller may set alongside a status change. */
export type DeliveryPatch = Partial<
  Pick<DeliveryRow, 'channel' | 'reason' | 'providerMessageId' | 'providerStatus' | 'errorCode' | 'attemptToken' | 'contentSealed'> & {
    deferredUntil: Instant | null;
    leaseUntil: Instant | null;
    pendingAttemptAt: Instant | null;
    sentAt: Instant | null;
  }
>;

export type NewDelivery = Pick<
  DeliveryRow,
  | 'id'
  | 'tenantId'
  | 'idempotencyKey'
  | 'requestHash'
  | 'recipientType'
  | 'patientId'
  | 'userId'
  | 'template'
  | 'purpose'
  | 'channelChoice'
  | 'subjectType'
  | 'subjectId'
  | 'replyWorkflowId'
  | 'fallbackOf'
> & { replyExpiresAt: Instant | null; channel?: 'sms' | 'email' | null };

/** `now() + leaseMs` in database time, which every worker agrees on. */
const leaseEnd = (leaseMs: number) => raw('now() + make_interval(secs => ?)', [leaseMs / 1000]);

const toRow = (delivery: MessageDelivery) => delivery.toRecord<DeliveryRow>();

/** Records the intent; returns the existing row when the key is already taken. */
export async function insertIntent(trx: Knex.Transaction, intent: NewDelivery): Promise<{ row: DeliveryRow; created: boolean }> {
  // insert … on conflict (tenant_id, idempotency_key) do nothing: one key, one row, whoever comes first.
  const [inserted] = await insertedRows(MessageDelivery.query(trx).insert(intent).onConflict(['tenant_id', 'idempotency_key']).ignore().returning('*'));
  if (inserted) return { row: toRow(inserted), created: true };
  const existing = await findByKey(trx, intent.idempotencyKey);
  if (!existing) throw new Error('Delivery intent vanished after a key conflict');
  return { row: existing, created: false };
}

export async function findByKey(trx: Knex.Transaction, idempotencyKey: string): Promise<DeliveryRow | undefined> {
  const delivery = await MessageDelivery.query(trx).where('idempotency_key', idempotencyKey).first();
  return delivery && toRow(delivery);
}

export async function findById(trx: Knex.Transaction, id: string): Promise<DeliveryRow | undefined> {
  const delivery = await MessageDelivery.query(trx).findById(id);
  return delivery && toRow(delivery);
}

export async function findByProviderId(trx: Knex.Transaction, providerMessageId: string): Promise<DeliveryRow | undefined> {
  const delivery = await MessageDelivery.query(trx).where('provider_message_id', providerMessageId).first();
  return delivery && toRow(delivery);
}

/** The row locked for this transaction, with whether another attempt's lease is still running. */
export async function lockForAttempt(trx: Knex.Transaction, id: string): Promise<{ row: DeliveryRow; leased: boolean } | undefined> {
  const delivery = await MessageDelivery.query(trx)
    .select('*', raw('(lease_until is not null and lease_until > now()) as leased'))
    .findById(id)
    .forUpdate();
  if (!delivery) return undefined;
  const { leased, ...row } = delivery.toRecord<DeliveryRow & { leased: boolean }>();
  return { row, leased };
}

/**
 * Moves the row towards `target` (statuses.ts decides what that means for its current status) and
 * applies `patch` when the status did move, or `always` in any case. Returns the row as written and
 * whether the status changed.
 */
export async function transition(
  trx: Knex.Transaction,
  id: string,
  target: DeliveryStatus,
  patch: DeliveryPatch = {},
  always: DeliveryPatch & { attemptsIncrement?: boolean; leaseMs?: number } = {},
): Promise<{ row: DeliveryRow; moved: boolean }> {
  const current = await MessageDelivery.query(trx).select('status').findById(id).forUpdate();
  if (!current) throw new Error('Delivery row not found');
  const from = current.status;
  const to = nextStatus(from, target);
  const moved = to === target;
  const { attemptsIncrement, leaseMs, ...alwaysFields } = always;
  const changes: PartialModelObject<MessageDelivery> = { ...alwaysFields, ...(moved ? patch : {}) };
  if (to !== from) changes.status = to;
  if (to !== from && isTerminal(to)) changes.completedAt = fn.now();
  if (attemptsIncrement) changes.attempts = raw('attempts + 1');
  if (leaseMs !== undefined) changes.leaseUntil = leaseEnd(leaseMs);
  const [delivery] = await MessageDelivery.query(trx).patch(changes).where('id', id).returning('*');
  return { row: toRow(delivery!), moved };
}

/**
 * Non-status columns of a row this attempt holds (its `attempt_token`); undefined when another
 * attempt has taken the row over since.
 */
export async function updateHeld(
  trx: Knex.Transaction,
  id: string,
  token: string,
  fields: DeliveryPatch & { leaseMs?: number; pendingNow?: boolean },
): Promise<DeliveryRow | undefined> {
  const { leaseMs, pendingNow, ...rest } = fields;
  const changes: PartialModelObject<MessageDelivery> = { ...rest };
  if (leaseMs !== undefined) changes.leaseUntil = leaseEnd(leaseMs);
  if (pendingNow) changes.pendingAttemptAt = fn.now();
  const [delivery] = await MessageDelivery.query(trx).patch(changes).where({ id, attempt_token: token }).returning('*');
  return delivery && toRow(delivery);
}

/** Serialises the frequency-cap check of one patient's texts across attempts and workers. */
export async function lockPatientSms(trx: Knex.Transaction, patientId: string): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`sms-cap:${patientId}`]);
}

/**
 * SMS of the patient the frequency cap counts: accepted by the provider (at `sent_at`), or being sent
 * right now by another attempt (counted at `now`, so two messages cannot both pass the cap).
 */
export async function countedSmsInstants(
  trx: Knex.Transaction,
  query: { patientId: string; since: Date; now: Date; excludeId: string; purposes: readonly string[] },
): Promise<Date[]> {
  const deliveries = await MessageDelivery.query(trx)
    .select('sent_at', 'pending_attempt_at')
    .where({ patient_id: query.patientId, channel: 'sms' })
    .whereIn('purpose', query.purposes)
    .whereNot('id', query.excludeId)
    .where((w) => w.where('sent_at', '>=', query.since).orWhere((p) => p.whereNull('sent_at').whereNotNull('pending_attempt_at')));
  return deliveries.map(({ sentAt }) => (sentAt ? new Date(sentAt) : query.now));
}
