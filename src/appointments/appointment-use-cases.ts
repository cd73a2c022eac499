import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { accessibleWhere } from '../authz/accessible-where.js';
import { assertCan, notVisible } from '../authz/assert-can.js';
import { currentActor, withRequestTenant } from '../authz/request-scope.js';
import { recordAudit, recordAuditMany } from '../audit/record-audit.js';
import { idempotent, type IdempotentResult } from '../idempotency/idempotent.js';
import { offsetOf, type Page, toPage } from '../registry/shared/pagination.js';
import { type AppointmentWorkflowState, appointmentWorkflowId } from '../workflows/shared/appointment.js';
import { type AppointmentFilters, findAppointment, insertAppointment, listAppointments } from './appointment-repository.js';
import { type BookInput } from './appointment-schemas.js';
import { type AppointmentView, appointmentView } from './appointment-view.js';
import { assertBookable, slotTakenError } from './booking-rules.js';
import { staffActorRef } from './staff-actor.js';
import { type AppointmentWorkflowGateway } from './workflow-gateway.js';

export interface AppointmentDeps {
  db: Knex;
  workflows: AppointmentWorkflowGateway;
}

/**
 * Books an appointment and starts its workflow in one step. The workflow is started inside the
 * booking transaction, before it commits: if Temporal cannot be reached the request answers 503 and
 * the transaction rolls back, so an appointment never exists without its workflow. (If the commit
 * itself fails after the start, the workflow finds no appointment and ends as `orphaned`.) A retry
 * with the same Idempotency-Key gets the first answer and starts nothing.
 */
export async function bookAppointment(deps: AppointmentDeps, input: BookInput, idempotencyKey: string | undefined): Promise<IdempotentResult<AppointmentView>> {
  const { actor } = currentActor();
  const claim = { tenantId: actor.tenantId, actorId: actor.id, scope: 'appointments.book', key: idempotencyKey, request: input };
  return idempotent(deps.db, claim, async () => {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(startsAt.getTime() + input.durationMinutes * 60_000);
    const view = await withRequestTenant(deps.db, async ({ trx, actor: caller, ability }) => {
      assertCan(ability, 'create', 'Appointment', { tenantId: caller.tenantId, patientId: input.patientId, practitionerId: input.practitionerId });
      await assertBookable(trx, { ...input, startsAt, endsAt }, new Date());
      const id = randomUUID();
      const record = await insertAppointment(trx, {
        id,
        tenantId: caller.tenantId,
        patientId: input.patientId,
        practitionerId: input.practitionerId,
        locationId: input.locationId ?? null,
        type: input.type,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        note: input.note ?? null,
        ...(input.referralId ? { referralId: input.referralId } : {}),
        workflowId: appointmentWorkflowId(id),
        createdBy: `${caller.type}:${caller.id}`,
      }).catch((err: unknown) => {
        throw slotTakenError(err);
      });
      await deps.workflows.start({ tenantId: caller.tenantId, appointmentId: id, ...staffActorRef(caller) });
      // Last before commit: the audit chain serialises a tenant's writers until their commit.
      await recordAudit(trx, caller, {
        action: 'create',
        entityType: 'Appointment',
        entityId: id,
        patientId: input.patientId,
        details: { practitionerId: input.practitionerId, type: input.type, referralId: input.referralId ?? null },
      });
      return appointmentView(ability, record, null);
    });
    return { status: 201, body: view };
  });
}

/** One appointment with its reminder plan (from the workflow's query), if the caller may see it. */
export async function getAppointment(deps: AppointmentDeps, id: string): Promise<AppointmentView> {
  const { record, ability } = await withRequestTenant(deps.db, async ({ trx, actor, ability }) => {
    const found = await findAppointment(trx, id, { where: accessibleWhere(ability, 'read', 'Appointment') });
    if (!found) throw notVisible('read', 'Appointment', id);
    await recordAudit(trx, actor, { action: 'read', entityType: 'Appointment', entityId: id, patientId: found.patientId });
    return { record: found, ability };
  });
  return appointmentView(ability, record, await deps.workflows.state(id));
}

/** A practitioner's schedule, a patient's appointments, or a period (each returned appointment's read is audited). */
export async function listAppointmentsUseCase(
  deps: AppointmentDeps,
  query: AppointmentFilters & { limit: number; cursor?: string },
): Promise<Page<AppointmentView>> {
  return withRequestTenant(deps.db, async ({ trx, actor, ability }) => {
    const offset = offsetOf(query.cursor);
    const rows = await listAppointments(trx, accessibleWhere(ability, 'read', 'Appointment'), query, { limit: query.limit, offset });
    const page = toPage(rows, query.limit, offset);
    await recordAuditMany(
      trx,
      actor,
      page.items.map((a) => ({ action: 'read', entityType: 'Appointment', entityId: a.id, patientId: a.patientId, details: { via: 'list' } })),
    );
    return { items: page.items.map((a) => appointmentView(ability, a, null)), nextCursor: page.nextCursor };
  });
}

/**
 * The workflow's state alone, for operators: plan, phase and status, without who the patient is or
 * who they see (minimum necessary).
 */
export async function getAppointmentWorkflow(deps: AppointmentDeps, id: string): Promise<{ appointmentId: string; workflowId: string; state: AppointmentWorkflowState | null }> {
  await withRequestTenant(deps.db, async ({ trx, actor, ability }) => {
    const found = await findAppointment(trx, id, { where: accessibleWhere(ability, 'read', 'AppointmentWorkflow') });
    if (!found) throw notVisible('read', 'AppointmentWorkflow', id);
    await recordAudit(trx, actor, { action: 'read', entityType: 'AppointmentWorkflow', entityId: id });
  });
  return { appointmentId: id, workflowId: appointmentWorkflowId(id), state: await deps.workflows.state(id) };
}
