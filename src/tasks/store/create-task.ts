import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { type TaskSnapshot } from '../../workflows/shared/tasks.js';
import { resolveAssignee } from '../routing/resolve-assignee.js';
import { type CreateTaskInput } from './contract.js';
import { recordHistory } from './task-history.js';
import { loadTaskByStep, loadTaskRow, toSnapshot } from './task-row.js';

/**
 * Creates the task a workflow step asked for, once: a retried or replayed call for the same
 * workflow and step returns the task that exists. A task meant for a practitioner who is covered
 * right now goes to the cover, and the history says so.
 */
export async function createTask(db: Knex, input: CreateTaskInput): Promise<TaskSnapshot> {
  return withTenant(db, input.tenantId, async (trx) => {
    const existing = await loadTaskByStep(trx, input.workflowId, input.step);
    if (existing) return toSnapshot(existing);
    const owner = await resolveAssignee(trx, input.assignee);
    const intendedOwner = owner.routedToCover?.fromUserId ?? owner.ownerUserId;
    await trx('tasks').insert({
      id: input.taskId,
      tenant_id: input.tenantId,
      workflow_id: input.workflowId,
      step: input.step,
      type: input.type,
      category: input.category,
      subject_type: input.subject.type,
      subject_id: input.subject.id,
      patient_id: input.patientId,
      priority: input.priority,
      status: 'open',
      owner_user_id: intendedOwner,
      pool_id: owner.poolId,
      due_at: new Date(input.dueAt),
      decision_options: input.options,
      created_by: input.createdBy.id,
    });
    const created = (await loadTaskRow(trx, input.taskId))!;
    await recordHistory(trx, input.tenantId, created.id, null, created, { eventKey: 'v1', action: 'created', actor: input.createdBy });
    if (!owner.routedToCover) return toSnapshot(created);

    await trx('tasks').where({ id: created.id }).update({ owner_user_id: owner.ownerUserId, version: 2, updated_at: trx.fn.now() });
    const routed = (await loadTaskRow(trx, created.id))!;
    await recordHistory(trx, input.tenantId, created.id, created, routed, {
      eventKey: 'v2',
      action: 'routed-to-cover',
      actor: { type: 'system', id: 'task-coverage', role: 'system' },
      reason: 'coverage',
      details: { coverageId: owner.routedToCover.coverageId },
    });
    return toSnapshot(routed);
  });
}
