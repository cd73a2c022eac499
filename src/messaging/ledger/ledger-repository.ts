/**
 * Data access for `message_deliveries`. Every status change goes through `transition`, which applies
 * the rules of statuses.ts to the locked row, so no caller can move a terminal message.
 * Rows come back as plain objects (camelCase).
 */
import { type Knex } from 'knex';
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
  replyExpiresAt: Date | null;
  fallbackOf: string | null;
  channel: 'sms' | 'email' | null;
  status: DeliveryStatus;
  reason: string | null;
  deferredUntil: Date | null;
  providerMessageId: string | null;
  providerStatus: string | null;
  errorCode: string | null;
  attempts: number;
  attemptToken: string | null;
  leaseUntil: Date | null;
  /** Start of an attempt whose outcome is unknown: it may have reached the provider. */
  pendingAttemptAt: Date | null;
  contentSealed: string | null;
  createdAt: Date;
  sentAt: Date | null;
  completedAt: Date | null;
}

/** Columns a caller may set alongside a status change. */
export type DeliveryPatch = Partial<
  Pick<
    DeliveryRow,
    | 'channel'
    | 'reason'
    | 'deferredUntil'
    | 'providerMessageId'
    | 'providerStatus'
    | 'errorCode'
    | 'attemptToken'
    | 'leaseUntil'
    | 'pendingAttemptAt'
    | 'contentSealed'
    | 'sentAt'
  >
>;

export type NewDelivery = Omit<
  DeliveryRow,
  'status' | 'reason' | 'deferredUntil' | 'providerMessageId' | 'providerStatus' | 'errorCode' | 'attempts' | 'attemptToken' | 'leaseUntil' | 'pendingAttemptAt' | 'contentSealed' | 'createdAt' | 'sentAt' | 'completedAt' | 'channel'
> & { channel?: 'sms' | 'email' | null };

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function toRow(record: Record<string, unknown>): DeliveryRow {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [camel(k), v])) as unknown as DeliveryRow;
}

function toColumns(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => [snake(k), v]));
}

const table = (trx: Knex.Transaction) => trx('message_deliveries');

/** Records the intent; returns the existing row when the key is already taken. */
export async function insertIntent(trx: Knex.Transaction, intent: NewDelivery): Promise<{ row: DeliveryRow; created: boolean }> {
  const inserted = (await table(trx).insert(toColumns({ ...intent })).onConflict(['tenant_id', 'idempotency_key']).ignore().returning('*')) as Record<string, unknown>[];
  if (inserted[0]) return { row: toRow(inserted[0]), created: true };
  const existing = await findByKey(trx, intent.idempotencyKey);
  if (!existing) throw new Error('Delivery intent vanished after a key conflict');
  return { row: existing, created: false };
}

export async function findByKey(trx: Knex.Transaction, idempotencyKey: string): Promise<DeliveryRow | undefined> {
  const record = (await table(trx).where({ idempotency_key: idempotencyKey }).first()) as Record<string, unknown> | undefined;
  return record ? toRow(record) : undefined;
}

export async function findById(trx: Knex.Transaction, id: string): Promise<DeliveryRow | undefined> {
  const record = (await table(trx).where({ id }).first()) as Record<string, unknown> | undefined;
  return record ? toRow(record) : undefined;
}

export async function findByProviderId(trx: Knex.Transaction, providerMessageId: string): Promise<DeliveryRow | undefined> {
  const record = (await table(trx).where({ provider_message_id: providerMessageId }).first()) as Record<string, unknown> | undefined;
  return record ? toRow(record) : undefined;
}

/** The row locked for this transaction, with whether another attempt's lease is still running. */
export async function lockForAttempt(trx: Knex.Transaction, id: string): Promise<{ row: DeliveryRow; leased: boolean } | undefined> {
  const record = (await table(trx).select('*', trx.raw('(lease_until is not null and lease_until > now()) as leased')).where({ id }).forUpdate().first()) as
    | (Record<string, unknown> & { leased: boolean })
    | undefined;
  if (!record) return undefined;
  const { leased, ...rest } = record;
  return { row: toRow(rest), leased };
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
  const current = await table(trx).where({ id }).forUpdate().first<Record<string, unknown> | undefined>('status');
  if (!current) throw new Error('Delivery row not found');
  const from = current.status as DeliveryStatus;
  const to = nextStatus(from, target);
  const moved = to === target;
  const { attemptsIncrement, leaseMs, ...alwaysFields } = always;
  const columns: Record<string, unknown> = toColumns({ ...alwaysFields, ...(moved ? patch : {}) });
  if (to !== from) columns.status = to;
  if (to !== from && isTerminal(to)) columns.completed_at = trx.fn.now();
  if (attemptsIncrement) columns.attempts = trx.raw('attempts + 1');
  if (leaseMs !== undefined) columns.lease_until = trx.raw(`now() + make_interval(secs => ?)`, [leaseMs / 1000]);
  const [record] = (await table(trx).where({ id }).update(columns).returning('*')) as Record<string, unknown>[];
  return { row: toRow(record!), moved };
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
  const columns: Record<string, unknown> = toColumns(rest);
  if (leaseMs !== undefined) columns.lease_until = trx.raw(`now() + make_interval(secs => ?)`, [leaseMs / 1000]);
  if (pendingNow) columns.pending_attempt_at = trx.fn.now();
  const [record] = (await table(trx).where({ id, attempt_token: token }).update(columns).returning('*')) as Record<string, unknown>[];
  return record ? toRow(record) : undefined;
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
  const rows = (await table(trx)
    .select('sent_at', 'pending_attempt_at')
    .where({ patient_id: query.patientId, channel: 'sms' })
    .whereIn('purpose', query.purposes)
    .whereNot({ id: query.excludeId })
    .where((w) => w.where('sent_at', '>=', query.since).orWhere((p) => p.whereNull('sent_at').whereNotNull('pending_attempt_at')))) as {
    sent_at: Date | null;
    pending_attempt_at: Date | null;
  }[];
  return rows.map((r) => r.sent_at ?? query.now);
}
