import { type Knex } from 'knex';
import { assertCan } from '../../authz/assert-can.js';
import { recordAudit } from '../../audit/record-audit.js';
import { validationFailed } from '../../errors/app-error.js';
import { type TaskAccess } from '../task-access.js';

const DEFAULT_PERIOD_DAYS = 30;

type Queue = { kind: 'pool'; poolId: string; departmentId: string | null; role: string } | { kind: 'user'; userId: string };

export interface QueueStats {
  queue: Queue;
  openCount: number;
  oldestOpenAt: string | null;
  completedCount: number;
  medianCompletionSeconds: number | null;
  escalatedCount: number;
}

interface QueueKey {
  pool_id: string | null;
  user_id: string | null;
}

/** A queue is a pool, or the personal queue of the user who owns tasks outside any pool. */
const keyOf = (row: QueueKey) => row.pool_id ?? `user:${row.user_id}`;
const QUEUE_COLUMNS = (trx: Knex.Transaction) => ['t.pool_id', trx.raw('case when t.pool_id is null then t.owner_user_id end as user_id')];

/**
 * Per queue: live tasks and the oldest of them, tasks completed in the period with their median
 * time from creation to completion, and how many tasks escalated out of the queue in the period.
 * Figures only, no task content (ops and administrators).
 */
export async function taskStats(access: TaskAccess, period: { from?: string; to?: string }) {
  assertCan(access.ability, 'read', 'TaskStats', { tenantId: access.actor.tenantId });
  const to = period.to ? new Date(period.to) : new Date();
  const from = period.from ? new Date(period.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000);
  if (from >= to) throw validationFailed([{ pointer: '/query/from', detail: 'must be before to' }]);
  const { trx } = access;

  const open = await trx('tasks as t')
    .whereRaw("t.status in ('open','claimed')")
    .select(...QUEUE_COLUMNS(trx), trx.raw('count(*)::int as open_count'), trx.raw('min(t.created_at) as oldest_open_at'))
    .groupBy(1, 2);
  const completed = await trx('tasks as t')
    .where('t.status', 'completed')
    .where('t.completed_at', '>=', from)
    .where('t.completed_at', '<', to)
    .select(
      ...QUEUE_COLUMNS(trx),
      trx.raw('count(*)::int as completed_count'),
      trx.raw('percentile_cont(0.5) within group (order by extract(epoch from t.completed_at - t.created_at)) as median_seconds'),
    )
    .groupBy(1, 2);
  const escalated = await trx('task_escalations as e')
    .where('e.escalated_at', '>=', from)
    .where('e.escalated_at', '<', to)
    .whereNotNull('e.target_kind')
    .select('e.from_pool_id as pool_id', trx.raw('case when e.from_pool_id is null then e.from_owner_user_id end as user_id'), trx.raw('count(distinct e.task_id)::int as escalated_count'))
    .groupBy(1, 2);
  const pools = new Map((await trx('task_pools').select('id', 'department_id', 'role')).map((p: { id: string; department_id: string | null; role: string }) => [p.id, p]));

  const queues = new Map<string, QueueStats>();
  const entry = (row: QueueKey): QueueStats => {
    const key = keyOf(row);
    let stats = queues.get(key);
    if (!stats) {
      const pool = row.pool_id ? pools.get(row.pool_id) : undefined;
      const queue: Queue = row.pool_id
        ? { kind: 'pool', poolId: row.pool_id, departmentId: pool?.department_id ?? null, role: pool?.role ?? 'unknown' }
        : { kind: 'user', userId: row.user_id! };
      stats = { queue, openCount: 0, oldestOpenAt: null, completedCount: 0, medianCompletionSeconds: null, escalatedCount: 0 };
      queues.set(key, stats);
    }
    return stats;
  };
  for (const row of open as (QueueKey & { open_count: number; oldest_open_at: Date })[]) {
    Object.assign(entry(row), { openCount: row.open_count, oldestOpenAt: row.oldest_open_at.toISOString() });
  }
  for (const row of completed as (QueueKey & { completed_count: number; median_seconds: number | null })[]) {
    Object.assign(entry(row), { completedCount: row.completed_count, medianCompletionSeconds: row.median_seconds === null ? null : Math.round(Number(row.median_seconds)) });
  }
  for (const row of escalated as (QueueKey & { escalated_count: number })[]) entry(row).escalatedCount = row.escalated_count;

  await recordAudit(trx, access.actor, { action: 'read', entityType: 'TaskStats', details: { from: from.toISOString(), to: to.toISOString() } });
  return { from: from.toISOString(), to: to.toISOString(), queues: [...queues.values()] };
}
