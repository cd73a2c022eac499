import { type Knex } from 'knex';
import { type TaskRole } from '../workflows/shared/tasks.js';
import { TaskPool as PoolModel } from './store/task-model.js';

export interface TaskPool {
  id: string;
  departmentId: string | null;
  role: TaskRole;
}

/** A pool is shown by what identifies it; its tenant and creation time stay inside. */
const POOL_COLUMNS = ['id', 'department_id', 'role'];

export async function findPool(trx: Knex.Transaction, poolId: string): Promise<TaskPool | undefined> {
  const pool = await PoolModel.query(trx).select(POOL_COLUMNS).findById(poolId);
  return pool?.toRecord<TaskPool>();
}

/** The pool of a department (or the whole tenant) for a role, created on first use. */
export async function getOrCreatePool(trx: Knex.Transaction, tenantId: string, departmentId: string | null, role: TaskRole): Promise<TaskPool> {
  await PoolModel.query(trx).insert({ tenantId, departmentId, role }).onConflict().ignore();
  const pool = await PoolModel.query(trx)
    .select(POOL_COLUMNS)
    .where('role', role)
    .andWhere((q) => void (departmentId ? q.where('department_id', departmentId) : q.whereNull('department_id')))
    .first();
  return pool!.toRecord<TaskPool>();
}

/**
 * The pools a user works: those of their role in their departments, and their role's tenant-wide
 * pool. Permission rules turn this into `pool_id in (…)` on the inbox queries.
 */
export async function poolIdsOf(trx: Knex.Transaction, userId: string, role: string): Promise<string[]> {
  const pools = await PoolModel.query(trx)
    .select('id')
    .where('role', role)
    .andWhere((q) =>
      void q
        .whereNull('department_id')
        .orWhereIn('department_id', (members) => void members.select('department_id').from('department_members').where('user_id', userId)),
    );
  return pools.map((p) => p.id);
}

export async function listPools(trx: Knex.Transaction): Promise<TaskPool[]> {
  const pools = await PoolModel.query(trx).select(POOL_COLUMNS).orderBy(['role', 'department_id']);
  return pools.map((p) => p.toRecord<TaskPool>());
}
