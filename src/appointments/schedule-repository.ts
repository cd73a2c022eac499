import { type Knex } from 'knex';
import { fn } from 'objection';
import { Practitioner } from '../registry/practitioners/practitioner-model.js';
import { PractitionerSchedule, PractitionerScheduleException, PractitionerWorkingHours } from './schedule-model.js';
import { type Period, type WeeklySchedule, type WorkingHours } from './slots.js';

export interface ScheduleException {
  id: string;
  practitionerId: string;
  kind: 'leave' | 'training' | 'closure' | 'other';
  startsAt: string;
  endsAt: string;
}

export async function findSchedule(trx: Knex.Transaction, practitionerId: string): Promise<WeeklySchedule | undefined> {
  const schedule = await PractitionerSchedule.query(trx).findById(practitionerId).withGraphFetched('hours(inWeekOrder)');
  if (!schedule) return undefined;
  return {
    timezone: schedule.timezone,
    slotIntervalMinutes: schedule.slotIntervalMinutes,
    hours: (schedule.hours ?? []).map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute })),
  };
}

/** Replaces the practitioner's weekly schedule as a whole (hours overlapping within a day are refused by the database). */
export async function replaceSchedule(
  trx: Knex.Transaction,
  tenantId: string,
  practitionerId: string,
  schedule: { timezone: string; slotIntervalMinutes: number; hours: readonly WorkingHours[] },
): Promise<void> {
  const { timezone, slotIntervalMinutes } = schedule;
  await PractitionerSchedule.query(trx)
    .insert({ practitionerId, tenantId, timezone, slotIntervalMinutes })
    .onConflict('practitioner_id')
    .merge({ timezone, slotIntervalMinutes, updatedAt: fn.now() });
  await PractitionerWorkingHours.query(trx).delete().where('practitioner_id', practitionerId);
  if (schedule.hours.length === 0) return;
  await PractitionerWorkingHours.query(trx).insert(
    schedule.hours.map(({ weekday, startMinute, endMinute }) => ({ tenantId, practitionerId, weekday, startMinute, endMinute })),
  );
}

const toException = ({ id, practitionerId, kind, startsAt, endsAt }: PractitionerScheduleException): ScheduleException => ({
  id,
  practitionerId,
  kind,
  startsAt,
  endsAt,
});

export async function listExceptions(trx: Knex.Transaction, practitionerId: string, from?: Date, to?: Date): Promise<ScheduleException[]> {
  const query = PractitionerScheduleException.query(trx).where('practitioner_id', practitionerId);
  if (from) void query.where('ends_at', '>', from);
  if (to) void query.where('starts_at', '<', to);
  return (await query.orderBy('starts_at')).map(toException);
}

export const toPeriods = (exceptions: readonly ScheduleException[]): Period[] =>
  exceptions.map((x) => ({ start: Date.parse(x.startsAt), end: Date.parse(x.endsAt) }));

export async function insertException(
  trx: Knex.Transaction,
  tenantId: string,
  input: { practitionerId: string; kind: ScheduleException['kind']; startsAt: string; endsAt: string },
): Promise<ScheduleException> {
  return toException(await PractitionerScheduleException.query(trx).insert({ ...input, tenantId }).returning('*'));
}

export async function deleteException(trx: Knex.Transaction, id: string): Promise<ScheduleException | undefined> {
  const [removed] = await PractitionerScheduleException.query(trx).delete().where('id', id).returning('*');
  return removed && toException(removed);
}

/** The practitioner, if they exist in this tenant and are active (row-level security scopes the read). */
export async function findActivePractitioner(trx: Knex.Transaction, id: string): Promise<{ id: string } | undefined> {
  const practitioner = await Practitioner.query(trx).select('id').where('active', true).findById(id);
  return practitioner && { id: practitioner.id };
}
