import { type Knex } from 'knex';
import { type AppointmentFacts, type AppointmentStatus } from '../workflows/shared/appointment.js';

/** An appointment as the use cases and activities see it: a plain object, camelCase, ISO times. */
export interface AppointmentRecord {
  [key: string]: unknown;
  id: string;
  tenantId: string;
  patientId: string;
  practitionerId: string;
  locationId: string | null;
  type: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  status: AppointmentStatus;
  note: string | null;
  version: number;
  workflowId: string;
  confirmedAt: string | null;
  confirmedVia: string | null;
  checkedInAt: string | null;
  completedAt: string | null;
  noShowAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  cancelledBy: 'staff' | 'patient' | null;
  referralId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;
type Where = (qb: Knex.QueryBuilder) => void;
const isoOrNull = (v: unknown) => (v instanceof Date ? v.toISOString() : null);

export function toRecord(r: Row): AppointmentRecord {
  const startsAt = r.starts_at as Date;
  const endsAt = r.ends_at as Date;
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    patientId: r.patient_id as string,
    practitionerId: r.practitioner_id as string,
    locationId: (r.location_id as string | null) ?? null,
    type: r.type as string,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    durationMinutes: (endsAt.getTime() - startsAt.getTime()) / 60_000,
    status: r.status as AppointmentStatus,
    note: (r.note as string | null) ?? null,
    version: r.version as number,
    workflowId: r.workflow_id as string,
    confirmedAt: isoOrNull(r.confirmed_at),
    confirmedVia: (r.confirmed_via as string | null) ?? null,
    checkedInAt: isoOrNull(r.checked_in_at),
    completedAt: isoOrNull(r.completed_at),
    noShowAt: isoOrNull(r.no_show_at),
    cancelledAt: isoOrNull(r.cancelled_at),
    cancelReason: (r.cancel_reason as string | null) ?? null,
    cancelledBy: (r.cancelled_by as AppointmentRecord['cancelledBy']) ?? null,
    referralId: (r.referral_id as string | null | undefined) ?? null,
    createdBy: r.created_by as string,
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
  };
}

export const factsOf = (a: AppointmentRecord): AppointmentFacts => ({
  status: a.status,
  startsAt: a.startsAt,
  endsAt: a.endsAt,
  version: a.version,
  patientId: a.patientId,
  bookedAt: a.createdAt,
  referralId: a.referralId,
});

export async function insertAppointment(trx: Knex.Transaction, row: Row): Promise<AppointmentRecord> {
  const [inserted] = (await trx('appointments').insert(row).returning('*')) as Row[];
  return toRecord(inserted!);
}

/** One appointment the caller may see (`where` comes from their permissions), optionally locked. */
export async function findAppointment(
  trx: Knex.Transaction,
  id: string,
  options: { where?: Where; lock?: 'update' | 'share' } = {},
): Promise<AppointmentRecord | undefined> {
  const query = trx('appointments').where({ id });
  if (options.where) void query.where(options.where);
  if (options.lock === 'update') void query.forUpdate();
  if (options.lock === 'share') void query.forShare();
  const row = (await query.first()) as Row | undefined;
  return row ? toRecord(row) : undefined;
}

export interface AppointmentFilters {
  practitionerId?: string;
  patientId?: string;
  from?: string;
  to?: string;
  status?: AppointmentStatus;
}

export async function listAppointments(
  trx: Knex.Transaction,
  where: Where,
  filters: AppointmentFilters,
  page: { limit: number; offset: number },
): Promise<AppointmentRecord[]> {
  const query = trx('appointments').where(where);
  if (filters.practitionerId) void query.where('practitioner_id', filters.practitionerId);
  if (filters.patientId) void query.where('patient_id', filters.patientId);
  if (filters.status) void query.where('status', filters.status);
  if (filters.from) void query.where('ends_at', '>', filters.from);
  if (filters.to) void query.where('starts_at', '<', filters.to);
  const rows = (await query.orderBy(['starts_at', 'id']).limit(page.limit + 1).offset(page.offset)) as Row[];
  return rows.map(toRecord);
}

/**
 * Applies a change and bumps the version, only while the row still matches `guard` (a status among
 * `fromStatuses`, the `version` the caller saw): the workflow's own changes race staff edits, and the
 * row lock decides who was first. Returns the new record, or undefined when the guard did not match.
 */
export async function changeAppointment(
  trx: Knex.Transaction,
  id: string,
  columns: Row,
  guard: { fromStatuses?: readonly AppointmentStatus[]; version?: number } = {},
): Promise<AppointmentRecord | undefined> {
  const query = trx('appointments')
    .where({ id })
    .update({ ...columns, version: trx.raw('version + 1'), updated_at: trx.fn.now() })
    .returning('*');
  if (guard.fromStatuses) void query.whereIn('status', guard.fromStatuses);
  if (guard.version !== undefined) void query.where('version', guard.version);
  const [row] = (await query) as Row[];
  return row ? toRecord(row) : undefined;
}

/** Active appointments of a practitioner overlapping [from, to): what slots must avoid. */
export async function busyPeriods(trx: Knex.Transaction, practitionerId: string, from: Date, to: Date): Promise<{ start: number; end: number }[]> {
  const rows = await trx('appointments')
    .where({ practitioner_id: practitionerId })
    .whereNotIn('status', ['cancelled', 'no-show'])
    .where('starts_at', '<', to)
    .where('ends_at', '>', from)
    .select<{ starts_at: Date; ends_at: Date }[]>('starts_at', 'ends_at');
  return rows.map((r) => ({ start: r.starts_at.getTime(), end: r.ends_at.getTime() }));
}
