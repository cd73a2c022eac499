import { type Knex } from 'knex';
import { fn, type PartialModelObject, raw } from 'objection';
import { type accessibleWhere } from '../authz/accessible-where.js';
import { type AppointmentFacts, type AppointmentStatus } from '../workflows/shared/appointment.js';
import { Appointment } from './appointment-model.js';

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

/** Appointment fields to write; `fn.now()` and `raw()` are accepted where the database supplies the value. */
export type AppointmentChanges = PartialModelObject<Appointment>;
type Where = ReturnType<typeof accessibleWhere>;

const toRecord = (appointment: Appointment) => appointment.toRecord<AppointmentRecord>();

export const factsOf = (a: AppointmentRecord): AppointmentFacts => ({
  status: a.status,
  startsAt: a.startsAt,
  endsAt: a.endsAt,
  version: a.version,
  patientId: a.patientId,
  bookedAt: a.createdAt,
  referralId: a.referralId,
});

export async function insertAppointment(trx: Knex.Transaction, fields: AppointmentChanges): Promise<AppointmentRecord> {
  return toRecord(await Appointment.query(trx).insert(fields).returning('*'));
}

/** One appointment the caller may see (`where` comes from their permissions), optionally locked. */
export async function findAppointment(
  trx: Knex.Transaction,
  id: string,
  options: { where?: Where; lock?: 'update' | 'share' } = {},
): Promise<AppointmentRecord | undefined> {
  const query = Appointment.query(trx).findById(id);
  if (options.where) void query.where(options.where);
  if (options.lock === 'update') void query.forUpdate();
  if (options.lock === 'share') void query.forShare();
  const appointment = await query;
  return appointment && toRecord(appointment);
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
  const query = Appointment.query(trx).where(where);
  if (filters.practitionerId) void query.where('practitioner_id', filters.practitionerId);
  if (filters.patientId) void query.where('patient_id', filters.patientId);
  if (filters.status) void query.where('status', filters.status);
  if (filters.from) void query.where('ends_at', '>', filters.from);
  if (filters.to) void query.where('starts_at', '<', filters.to);
  const appointments = await query.orderBy(['starts_at', 'id']).limit(page.limit + 1).offset(page.offset);
  return appointments.map(toRecord);
}

/**
 * Applies a change and bumps the version, only while the row still matches `guard` (a status among
 * `fromStatuses`, the `version` the caller saw): the workflow's own changes race staff edits, and the
 * row lock decides who was first. Returns the new record, or undefined when the guard did not match.
 */
export async function changeAppointment(
  trx: Knex.Transaction,
  id: string,
  changes: AppointmentChanges,
  guard: { fromStatuses?: readonly AppointmentStatus[]; version?: number } = {},
): Promise<AppointmentRecord | undefined> {
  const query = Appointment.query(trx)
    .patch({ ...changes, version: raw('version + 1'), updatedAt: fn.now() })
    .where('id', id)
    .returning('*');
  if (guard.fromStatuses) void query.whereIn('status', guard.fromStatuses);
  if (guard.version !== undefined) void query.where('version', guard.version);
  const [appointment] = await query;
  return appointment && toRecord(appointment);
}

/** Active appointments of a practitioner overlapping [from, to): what slots must avoid. */
export async function busyPeriods(trx: Knex.Transaction, practitionerId: string, from: Date, to: Date): Promise<{ start: number; end: number }[]> {
  const appointments = await Appointment.query(trx)
    .select('starts_at', 'ends_at')
    .where('practitioner_id', practitionerId)
    .whereNotIn('status', ['cancelled', 'no-show'])
    .where('starts_at', '<', to)
    .where('ends_at', '>', from);
  return appointments.map((a) => ({ start: Date.parse(a.startsAt), end: Date.parse(a.endsAt) }));
}
