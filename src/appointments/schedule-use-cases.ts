import { type Knex } from 'knex';
import { accessibleWhere } from '../authz/accessible-where.js';
import { assertCan, notVisible } from '../authz/assert-can.js';
import { type AccessScope, withRequestTenant } from '../authz/request-scope.js';
import { type Action } from '../authz/subjects.js';
import { recordAudit } from '../audit/record-audit.js';
import { pgErrorOf } from '../db/pg-error.js';
import { AppError, badRequest } from '../errors/app-error.js';
import { busyPeriods } from './appointment-repository.js';
import { insertLocation, listLocationsWhere, type LocationRecord } from './location-repository.js';
import {
  deleteException,
  findActivePractitioner,
  findSchedule,
  insertException,
  listExceptions,
  replaceSchedule,
  type ScheduleException,
  toPeriods,
} from './schedule-repository.js';
import { formatClock, freeSlots, parseClock, type WeeklySchedule } from './slots.js';

export interface ScheduleView {
  practitionerId: string;
  timezone: string;
  slotIntervalMinutes: number;
  hours: { weekday: number; start: string; end: string }[];
  exceptions: ScheduleException[];
}

export interface ScheduleInput {
  timezone: string;
  slotIntervalMinutes: number;
  hours: { weekday: number; start: string; end: string }[];
}

const MAX_SLOT_RANGE_MS = 31 * 86_400_000;

async function visiblePractitioner(scope: AccessScope, practitionerId: string, action: Action): Promise<void> {
  if (!(await findActivePractitioner(scope.trx, practitionerId))) throw notVisible(action, 'PractitionerSchedule', practitionerId);
  assertCan(scope.ability, action, 'PractitionerSchedule', { tenantId: scope.actor.tenantId, practitionerId, id: practitionerId });
}

function viewOf(practitionerId: string, schedule: WeeklySchedule, exceptions: ScheduleException[]): ScheduleView {
  return {
    practitionerId,
    timezone: schedule.timezone,
    slotIntervalMinutes: schedule.slotIntervalMinutes,
    hours: schedule.hours.map((h) => ({ weekday: h.weekday, start: formatClock(h.startMinute), end: formatClock(h.endMinute) })),
    exceptions,
  };
}

export function getSchedule(db: Knex, practitionerId: string): Promise<ScheduleView> {
  return withRequestTenant(db, async (scope) => {
    await visiblePractitioner(scope, practitionerId, 'read');
    const schedule = await findSchedule(scope.trx, practitionerId);
    if (!schedule) throw notVisible('read', 'PractitionerSchedule', practitionerId);
    return viewOf(practitionerId, schedule, await listExceptions(scope.trx, practitionerId, new Date()));
  });
}

/** Replaces the weekly working hours. Existing appointments stay; staff move or cancel them if needed. */
export function putSchedule(db: Knex, practitionerId: string, input: ScheduleInput): Promise<ScheduleView> {
  return withRequestTenant(db, async (scope) => {
    await visiblePractitioner(scope, practitionerId, 'update');
    const hours = input.hours.map((h, i) => {
      const startMinute = parseClock(h.start);
      const endMinute = parseClock(h.end);
      if (startMinute >= endMinute) throw badRequest(`hours[${i}]: start must be before end.`);
      return { weekday: h.weekday, startMinute, endMinute };
    });
    await replaceSchedule(scope.trx, scope.actor.tenantId, practitionerId, { ...input, hours }).catch((err: unknown) => {
      if (pgErrorOf(err)?.code === '23P01') throw new AppError(422, 'overlapping-hours', 'Overlapping hours', 'Working hours of one weekday overlap.');
      throw err;
    });
    await recordAudit(scope.trx, scope.actor, { action: 'update', entityType: 'PractitionerSchedule', entityId: practitionerId });
    return viewOf(practitionerId, (await findSchedule(scope.trx, practitionerId))!, await listExceptions(scope.trx, practitionerId, new Date()));
  });
}

export function addException(db: Knex, practitionerId: string, input: Omit<ScheduleException, 'id' | 'practitionerId'>): Promise<ScheduleException> {
  return withRequestTenant(db, async (scope) => {
    await visiblePractitioner(scope, practitionerId, 'update');
    const exception = await insertException(scope.trx, scope.actor.tenantId, { ...input, practitionerId });
    await recordAudit(scope.trx, scope.actor, { action: 'create', entityType: 'PractitionerScheduleException', entityId: exception.id, details: { practitionerId } });
    return exception;
  });
}

export function removeException(db: Knex, practitionerId: string, exceptionId: string): Promise<void> {
  return withRequestTenant(db, async (scope) => {
    await visiblePractitioner(scope, practitionerId, 'update');
    const removed = await deleteException(scope.trx, exceptionId);
    if (!removed || removed.practitionerId !== practitionerId) throw notVisible('update', 'PractitionerSchedule', exceptionId);
    await recordAudit(scope.trx, scope.actor, { action: 'delete', entityType: 'PractitionerScheduleException', entityId: exceptionId, details: { practitionerId } });
  });
}

/** Free slots: working hours minus leave and appointments that hold time (cancellations free theirs). */
export function listSlots(
  db: Knex,
  query: { practitionerId: string; from: string; to: string; duration: number },
): Promise<{ practitionerId: string; timezone: string; durationMinutes: number; slots: { startsAt: string; endsAt: string }[] }> {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (!(to > from) || to.getTime() - from.getTime() > MAX_SLOT_RANGE_MS) throw badRequest('`to` must be after `from`, at most 31 days later.');
  return withRequestTenant(db, async (scope) => {
    await visiblePractitioner(scope, query.practitionerId, 'read');
    const schedule = await findSchedule(scope.trx, query.practitionerId);
    if (!schedule) return { practitionerId: query.practitionerId, timezone: 'UTC', durationMinutes: query.duration, slots: [] };
    const slots = freeSlots({
      schedule,
      exceptions: toPeriods(await listExceptions(scope.trx, query.practitionerId, from, to)),
      // A slot starting just before `to` ends after it: what it could overlap reaches that far.
      busy: await busyPeriods(scope.trx, query.practitionerId, from, new Date(to.getTime() + query.duration * 60_000)),
      from: from.getTime(),
      to: to.getTime(),
      durationMs: query.duration * 60_000,
      now: Date.now(),
    });
    return {
      practitionerId: query.practitionerId,
      timezone: schedule.timezone,
      durationMinutes: query.duration,
      slots: slots.map((s) => ({ startsAt: new Date(s.start).toISOString(), endsAt: new Date(s.end).toISOString() })),
    };
  });
}

export function listLocations(db: Knex): Promise<{ items: LocationRecord[] }> {
  return withRequestTenant(db, async ({ trx, ability }) => ({ items: await listLocationsWhere(trx, accessibleWhere(ability, 'read', 'Location')) }));
}

export function createLocation(db: Knex, input: { name: string }): Promise<LocationRecord> {
  return withRequestTenant(db, async ({ trx, actor }) => {
    const location = await insertLocation(trx, actor.tenantId, input.name);
    await recordAudit(trx, actor, { action: 'create', entityType: 'Location', entityId: location.id });
    return location;
  });
}
