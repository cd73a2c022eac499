import { type Knex } from 'knex';
import { fn } from 'objection';
import { withTenant } from '../../db/tenant-scope.js';
import { type TaskSnapshot } from '../../workflows/shared/tasks.js';
import { resolveAssignee } from '../routing/resolve-assignee.js';
import { type CreateTaskInput } from './contract.js';
import { loadTask, loadTaskByStep, toSnapshot } from './load-task.js';
import { recordHistory } from './task-history.js';
import { Task } from './task-model.js';

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
    await Task.query(trx).insert({
      id: input.taskId,
      tenantId: input.tenantId,
      workflowId: input.workflowId,
      step: input.step,
      type: input.type,
      category: input.category,
      subjectType: input.subject.type,
      subjectId: input.subject.id,
      patientId: input.patientId,
      priority: input.priority,
      status: 'open',
      ownerUserId: intendedOwner,
      poolId: owner.poolId,
      dueAt: new Date(input.dueAt).toISOString(),
      decisionOptions: input.options,
      createdBy: input.createdBy.id,
    });
    const created = (await loadTask(trx, input.taskId))!;
    await recordHistory(trx, input.tenantId, created.id, null, created, { eventKey: 'v1', action: 'created', actor: input.createdBy });
    if (!owner.routedToCover) return toSnapshot(created);

    await Task.query(trx).patch({ ownerUserId: owner.ownerUserId, version: 2, updatedAt: fn.now() }).where('id', created.id);
    const routed = (await loadTask(trx, created.id))!;
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
