import { fn } from 'objection';
import { accessibleWhere } from '../authz/accessible-where.js';
import { assertCan, notVisible } from '../authz/assert-can.js';
import { type AccessScope, withRequestTenant } from '../authz/request-scope.js';
import { type Action } from '../authz/subjects.js';
import { recordAudit } from '../audit/record-audit.js';
import { AppError, conflict } from '../errors/app-error.js';
import {
  appointmentStatusUpdate,
  cancelAppointmentUpdate,
  isUpcoming,
  rescheduleAppointmentUpdate,
  type StatusCommand,
} from '../workflows/shared/appointment.js';
import { type AppointmentChanges, type AppointmentRecord, changeAppointment, findAppointment } from './appointment-repository.js';
import { type CancelInput, type RescheduleInput } from './appointment-schemas.js';
import { type AppointmentDeps } from './appointment-use-cases.js';
import { type AppointmentView, appointmentView } from './appointment-view.js';
import { assertBookable, slotTakenError } from './booking-rules.js';
import { taskActorOf } from './staff-actor.js';
import { mayTransition } from './workflow-rules.js';

/** `{ actor }` for a workflow command when a staff user makes the change. */
function staffActor(scope: AccessScope) {
  const actor = taskActorOf(scope.actor);
  return actor ? { actor } : {};
}

/**
 * Staff and patient changes. Each runs in one transaction that locks the row, writes the change
 * (new version), hands it to the workflow as a Workflow Update, and audits it before committing (the
 * audit chain serialises a tenant's writers until commit, so it comes last): a
 * change the workflow refuses (409) or cannot hear (503) rolls back, so PostgreSQL and the
 * workflow never disagree about what the patient is told.
 */
async function lockForChange(scope: AccessScope, id: string, action: Action, version: number | undefined): Promise<AppointmentRecord> {
  const record = await findAppointment(scope.trx, id, { where: accessibleWhere(scope.ability, 'read', 'Appointment'), lock: 'update' });
  if (!record) throw notVisible(action, 'Appointment', id);
  assertCan(scope.ability, action, 'Appointment', record, { patientId: record.patientId });
  if (version !== undefined && version !== record.version) {
    throw conflict('The appointment has changed since; reload it and retry.', { reason: 'stale-version', version: record.version });
  }
  return record;
}

const notUpcoming = () => conflict('Only an upcoming appointment can be changed this way.', { reason: 'not-upcoming' });

export async function rescheduleAppointment(deps: AppointmentDeps, id: string, input: RescheduleInput): Promise<AppointmentView> {
  return withRequestTenant(deps.db, async (scope) => {
    const current = await lockForChange(scope, id, 'update', input.version);
    if (!isUpcoming(current.status)) throw notUpcoming();
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(startsAt.getTime() + (input.durationMinutes ?? current.durationMinutes) * 60_000);
    const locationId = input.locationId ?? current.locationId;
    await assertBookable(scope.trx, { patientId: current.patientId, practitionerId: current.practitionerId, locationId, startsAt, endsAt }, new Date());
    const changed = await changeAppointment(scope.trx, id, {
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      locationId,
      // The patient confirmed the old time, not this one: the plan asks again.
      status: 'booked',
      confirmedAt: null,
      confirmedVia: null,
    }).catch((err: unknown) => {
      throw slotTakenError(err);
    });
    const state = await deps.workflows.update(id, rescheduleAppointmentUpdate, { startsAt: changed!.startsAt, endsAt: changed!.endsAt, version: changed!.version });
    await recordAudit(scope.trx, scope.actor, {
      action: 'reschedule',
      entityType: 'Appointment',
      entityId: id,
      patientId: current.patientId,
      details: { version: changed!.version },
    });
    return appointmentView(scope.ability, changed!, state);
  });
}

/** Staff (e.g. the provider is away) or the patient cancels; the slot is free once this commits. */
export async function cancelAppointment(deps: AppointmentDeps, id: string, input: CancelInput): Promise<AppointmentView> {
  return withRequestTenant(deps.db, async (scope) => {
    const current = await lockForChange(scope, id, 'cancel', input.version);
    if (!isUpcoming(current.status)) throw notUpcoming();
    const by = scope.actor.role === 'patient' ? 'patient' : 'staff';
    const changed = (await changeAppointment(scope.trx, id, { status: 'cancelled', cancelledAt: fn.now(), cancelledBy: by, cancelReason: input.reason }))!;
    const state = await deps.workflows.update(id, cancelAppointmentUpdate, { by, reason: input.reason, version: changed.version, ...staffActor(scope) });
    await recordAudit(scope.trx, scope.actor, {
      action: 'cancel',
      entityType: 'Appointment',
      entityId: id,
      patientId: current.patientId,
      details: { by, reason: input.reason, version: changed.version },
    });
    return appointmentView(scope.ability, changed, state);
  });
}

const STATUS_TIMESTAMP = {
  'checked-in': 'checkedInAt',
  completed: 'completedAt',
  'no-show': 'noShowAt',
} as const satisfies Record<StatusCommand['status'], keyof AppointmentChanges>;

/** Check-in, completion or a staff-recorded no-show. */
export async function changeAppointmentStatus(
  deps: AppointmentDeps,
  id: string,
  status: StatusCommand['status'],
  input: { version?: number },
): Promise<AppointmentView> {
  return withRequestTenant(deps.db, async (scope) => {
    const current = await lockForChange(scope, id, 'update', input.version);
    if (!mayTransition(current.status, status)) {
      throw conflict(`An appointment that is ${current.status} cannot become ${status}.`, { reason: 'invalid-transition' });
    }
    if (status === 'no-show' && Date.parse(current.startsAt) > Date.now()) {
      throw new AppError(422, 'not-started', 'Not started', 'A no-show can be recorded only once the appointment has started.');
    }
    const changed = (await changeAppointment(scope.trx, id, { status, [STATUS_TIMESTAMP[status]]: fn.now() }))!;
    const state = await deps.workflows.update(id, appointmentStatusUpdate, { status, version: changed.version, ...staffActor(scope) });
    await recordAudit(scope.trx, scope.actor, {
      action: status === 'checked-in' ? 'check-in' : status === 'completed' ? 'complete' : 'no-show',
      entityType: 'Appointment',
      entityId: id,
      patientId: current.patientId,
      details: { version: changed.version },
    });
    return appointmentView(scope.ability, changed, state);
  });
}
