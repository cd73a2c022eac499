import { type Knex } from 'knex';
import { type EscalationTarget } from '../../workflows/shared/tasks.js';
import { findPool } from '../pools.js';
import { type TaskRow } from '../store/task-row.js';
import { activeCoverOf, activeUser, userOfPractitioner } from './people.js';

export type EscalationDestination = { ownerUserId: string; poolId: null } | { ownerUserId: null; poolId: string };

async function departmentOf(trx: Knex.Transaction, task: TaskRow, departmentId: string | undefined): Promise<string | undefined> {
  if (departmentId) return departmentId;
  if (!task.pool_id) return undefined;
  return (await findPool(trx, task.pool_id))?.departmentId ?? undefined;
}

async function departmentPractitionerUser(trx: Knex.Transaction, departmentId: string | undefined, column: 'on_call_practitioner_id' | 'lead_practitioner_id') {
  if (!departmentId) return undefined;
  const department = await trx('departments').where({ id: departmentId }).first<Record<string, string | null> | undefined>(column);
  const practitionerId = department?.[column];
  return practitionerId ? userOfPractitioner(trx, practitionerId) : undefined;
}

/** Resolves one target of an escalation level at the moment it fires; undefined when it has nobody. */
async function resolveTarget(trx: Knex.Transaction, task: TaskRow, target: EscalationTarget): Promise<EscalationDestination | undefined> {
  const toUser = (id: string | undefined): EscalationDestination | undefined => (id ? { ownerUserId: id, poolId: null } : undefined);
  switch (target.kind) {
    case 'user':
      return toUser((await activeUser(trx, target.userId))?.id);
    case 'pool': {
      const pool = await findPool(trx, target.poolId);
      return pool ? { ownerUserId: null, poolId: pool.id } : undefined;
    }
    case 'covering-practitioner': {
      const current = task.assignee_user_id ? await activeUser(trx, task.assignee_user_id) : undefined;
      if (!current?.practitionerId) return undefined;
      return toUser((await activeCoverOf(trx, current.practitionerId))?.coverUserId);
    }
    case 'on-call':
      return toUser(await departmentPractitionerUser(trx, await departmentOf(trx, task, target.departmentId), 'on_call_practitioner_id'));
    case 'department-lead':
      return toUser(await departmentPractitionerUser(trx, await departmentOf(trx, task, target.departmentId), 'lead_practitioner_id'));
  }
}

/**
 * The first target of the level that resolves to someone other than whoever holds the task now
 * (escalating to the same person would change nothing).
 */
export async function resolveEscalation(trx: Knex.Transaction, task: TaskRow, targets: EscalationTarget[]): Promise<{ destination: EscalationDestination; kind: EscalationTarget['kind'] } | undefined> {
  for (const target of targets) {
    const destination = await resolveTarget(trx, task, target);
    if (!destination) continue;
    const same = destination.ownerUserId ? destination.ownerUserId === task.assignee_user_id : destination.poolId === task.pool_id && !task.claimed_by_user_id;
    if (!same) return { destination, kind: target.kind };
  }
  return undefined;
}
