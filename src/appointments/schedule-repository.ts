import { type Knex } from 'knex';
import { type Period, type WeeklySchedule, type WorkingHours } from './slots.js';

export interface ScheduleException {
  id: string;
  practitionerId: string;
  kind: 'leave' | 'training' | 'closure' | 'other';
  startsAt: string;
  endsAt: string;
}

type Row = Record<string, unknown>;

export async function findSchedule(trx: Knex.Transaction, practitionerId: string): Promise<WeeklySchedule | undefined> {
  const schedule = await trx('practitioner_schedules').where({ practitioner_id: practitionerId }).first<Row | undefined>();
  if (!schedule) return undefined;
  const hours = await trx('practitioner_working_hours')
    .where({ practitioner_id: practitionerId })
    .orderBy(['weekday', 'start_minute'])
    .select<Row[]>('weekday', 'start_minute', 'end_minute');
  return {
    timezone: schedule.timezone as string,
    slotIntervalMinutes: schedule.slot_interval_minutes as number,
    hours: hours.map((h) => ({ weekday: h.weekday as number, startMinute: h.start_minute as number, endMinute: h.end_minute as number })),
  };
}

/** Replaces the practitioner's weekly schedule as a whole (hours overlapping within a day are refused by the database). */
export async function replaceSchedule(
  trx: Knex.Transaction,
  tenantId: string,
  practitionerId: string,
  schedule: { timezone: string; slotIntervalMinutes: number; hours: readonly WorkingHours[] },
): Promise<void> {
  await trx('practitioner_schedules')
    .insert({ practitioner_id: practitionerId, tenant_id: tenantId, timezone: schedule.timezone, slot_interval_minutes: schedule.slotIntervalMinutes })
    .onConflict('practitioner_id')
    .merge({ timezone: schedule.timezone, slot_interval_minutes: schedule.slotIntervalMinutes, updated_at: trx.fn.now() });
  await trx('practitioner_working_hours').where({ practitioner_id: practitionerId }).delete();
  if (schedule.hours.length === 0) return;
  await trx('practitioner_working_hours').insert(
    schedule.hours.map((h) => ({ tenant_id: tenantId, practitioner_id: practitionerId, weekday: h.weekday, start_minute: h.startMinute, end_minute: h.endMinute })),
  );
}

const toException = (r: Row): ScheduleException => ({
  id: r.id as string,
  practitionerId: r.practitioner_id as string,
  kind: r.kind as ScheduleException['kind'],
  startsAt: (r.starts_at as Date).toISOString(),
  endsAt: (r.ends_at as Date).toISOString(),
});

export async function listExceptions(trx: Knex.Transaction, practitionerId: string, from?: Date, to?: Date): Promise<ScheduleException[]> {
  const query = trx('practitioner_schedule_exceptions').where({ practitioner_id: practitionerId });
  if (from) void query.where('ends_at', '>', from);
  if (to) void query.where('starts_at', '<', to);
  return ((await query.orderBy('starts_at')) as Row[]).map(toException);
}

export const toPeriods = (exceptions: readonly ScheduleException[]): Period[] =>
  exceptions.map((x) => ({ start: Date.parse(x.startsAt), end: Date.parse(x.endsAt) }));

export async function insertException(
  trx: Knex.Transaction,
  tenantId: string,
  input: { practitionerId: string; kind: ScheduleException['kind']; startsAt: string; endsAt: string },
): Promise<ScheduleException> {
  const [row] = (await trx('practitioner_schedule_exceptions')
    .insert({ tenant_id: tenantId, practitioner_id: input.practitionerId, kind: input.kind, starts_at: input.startsAt, ends_at: input.endsAt })
    .returning('*')) as Row[];
  return toException(row!);
}

export async function deleteException(trx: Knex.Transaction, id: string): Promise<ScheduleException | undefined> {
  const [row] = (await trx('practitioner_schedule_exceptions').where({ id }).delete().returning('*')) as Row[];
  return row ? toException(row) : undefined;
}

/** The practitioner, if they exist in this tenant and are active (row-level security scopes the read). */
export async function findActivePractitioner(trx: Knex.Transaction, id: string): Promise<{ id: string } | undefined> {
  return trx('practitioners').where({ id, active: true }).first<{ id: string } | undefined>('id');
}
