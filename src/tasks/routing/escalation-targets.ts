import { type Knex } from 'knex';
import { type EscalationTarget } from '../../workflows/shared/tasks.js';
import { findPool } from '../pools.js';
import { type StoredTask } from '../store/load-task.js';
import { activeCoverOf, activeUser, userOfPractitioner } from './people.js';

export type EscalationDestination = { ownerUserId: string; poolId: null } | { ownerUserId: null; poolId: string };

async function departmentOf(trx: Knex.Transaction, task: StoredTask, departmentId: string | undefined): Promise<string | undefined> {
  if (departmentId) return departmentId;
  if (!task.poolId) return undefined;
  return (await findPool(trx, task.poolId))?.departmentId ?? undefined;
}

async function departmentPractitionerUser(trx: Knex.Transaction, departmentId: string | undefined, column: 'on_call_practitioner_id' | 'lead_practitioner_id') {
  if (!departmentId) return undefined;
  const department = await trx('departments').where({ id: departmentId }).first<Record<string, string | null> | undefined>(column);
  const practitionerId = department?.[column];
  return practitionerId ? userOfPractitioner(trx, practitionerId) : undefined;
}

/** Resolves one target of an escalation level at the moment it fires; undefined when it has nobody. */
async function resolveTarget(trx: Knex.Transaction, task: StoredTask, target: EscalationTarget): Promise<EscalationDestination | undefined> {
  const toUser = (id: string | undefined): EscalationDestination | undefined => (id ? { ownerUserId: id, poolId: null } : undefined);
  switch (target.kind) {
    case 'user':
      return toUser((await activeUser(trx, target.userId))?.id);
    case 'pool': {
      const pool = await findPool(trx, target.poolId);
      return pool ? { ownerUserId: null, poolId: pool.id } : undefined;
    }
    case 'covering-practitioner': {
      const current = task.assigneeUserId ? await activeUser(trx, task.assigneeUserId) : undefined;
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
export async function resolveEscalation(trx: Knex.Transaction, task: StoredTask, targets: EscalationTarget[]): Promise<{ destination: EscalationDestination; kind: EscalationTarget['kind'] } | undefined> {
  for (const target of targets) {
    const destination = await resolveTarget(trx, task, target);
    if (!destination) continue;
    const same = destination.ownerUserId ? destination.ownerUserId === task.assigneeUserId : destination.poolId === task.poolId && !task.claimedByUserId;
    if (!same) return { destination, kind: target.kind };
  }
  return undefined;
}
