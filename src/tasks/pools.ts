import { type Knex } from 'knex';
import { type TaskRole } from '../workflows/shared/tasks.js';

export interface TaskPool {
  id: string;
  departmentId: string | null;
  role: TaskRole;
}

const toPool = (row: { id: string; department_id: string | null; role: TaskRole }): TaskPool => ({
  id: row.id,
  departmentId: row.department_id,
  role: row.role,
});

export async function findPool(trx: Knex.Transaction, poolId: string): Promise<TaskPool | undefined> {
  const row = await trx('task_pools').where({ id: poolId }).first<{ id: string; department_id: string | null; role: TaskRole } | undefined>();
  return row ? toPool(row) : undefined;
}

/** The pool of a department (or the whole tenant) for a role, created on first use. */
export async function getOrCreatePool(trx: Knex.Transaction, tenantId: string, departmentId: string | null, role: TaskRole): Promise<TaskPool> {
  await trx('task_pools').insert({ tenant_id: tenantId, department_id: departmentId, role }).onConflict().ignore();
  const row = await trx('task_pools')
    .where({ role })
    .andWhere((q) => void (departmentId ? q.where({ department_id: departmentId }) : q.whereNull('department_id')))
    .first<{ id: string; department_id: string | null; role: TaskRole }>();
  return toPool(row);
}

/**
 * The pools a user works: those of their role in their departments, and their role's tenant-wide
 * pool. Permission rules turn this into `pool_id in (…)` on the inbox queries.
 */
export async function poolIdsOf(trx: Knex.Transaction, userId: string, role: string): Promise<string[]> {
  const rows = await trx('task_pools')
    .where({ role })
    .andWhere((q) =>
      void q
        .whereNull('department_id')
        .orWhereIn('department_id', trx('department_members').select('department_id').where({ user_id: userId })),
    )
    .select<{ id: string }[]>('id');
  return rows.map((r) => r.id);
}

export async function listPools(trx: Knex.Transaction): Promise<TaskPool[]> {
  const rows = await trx('task_pools').select('id', 'department_id', 'role').orderBy(['role', 'department_id']);
  return (rows as { id: string; department_id: string | null; role: TaskRole }[]).map(toPool);
}
