import { type Knex } from 'knex';
import { type QueryBuilder, raw } from 'objection';
import { asSubject } from '../../authz/ability.js';
import { accessibleWhere } from '../../authz/accessible-where.js';
import { TASK_STATUSES, type TaskPriority, type TaskStatus } from '../../workflows/shared/tasks.js';
import { type StoredTask } from '../store/load-task.js';
import { Task } from '../store/task-model.js';
import { type TaskAccess } from '../task-access.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export const INBOX_VIEWS = ['mine', 'pool', 'all'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export const ACTIVE_STATUSES: TaskStatus[] = ['open', 'claimed'];

export interface InboxFilters {
  view: InboxView;
  statuses: TaskStatus[];
  types?: string[];
  priorities?: TaskPriority[];
  patientId?: string;
  dueBefore?: string;
  limit: number;
  cursor?: string;
}

/** A task of the inbox: its columns, its pool's role, its title and its due time as PostgreSQL's text (the cursor). */
export type InboxTask = StoredTask & { title: string | null; dueKey: string };

/**
 * Statuses are written into the SQL as literals (from the fixed list, never from input): the
 * planner can then prove that `status in ('open','claimed')` matches the partial inbox indexes.
 */
function statusIn(statuses: TaskStatus[]): string {
  const valid = statuses.filter((s) => (TASK_STATUSES as readonly string[]).includes(s));
  return valid.length === 0 ? 'false' : `t.status in (${valid.map((s) => `'${s}'`).join(',')})`;
}

/**
 * True when the caller's rules grant reading every task of each of their pools on pool membership
 * alone and withdraw nothing: `pool_id in (…)` is then the whole permission condition for the pool
 * view. (ANDing it with the rules' own `pool_id in (…)` arm makes PostgreSQL square its estimate of
 * a busy queue and sort thousands of rows instead of walking the inbox index.)
 */
function poolsGrantReading(access: TaskAccess): boolean {
  const { ability, actor, poolIds } = access;
  if (ability.rulesFor('read', 'Task').some((rule) => rule.inverted)) return false;
  return poolIds.every((poolId) => ability.can('read', asSubject('Task', { tenantId: actor.tenantId, poolId })));
}

/** The rows of a view the caller may read: permission rules become SQL, so others' rows are never loaded. */
export function viewQuery(access: TaskAccess, view: InboxView): QueryBuilder<Task, Task[]> {
  const query = Task.query(access.trx).alias('t');
  if (view === 'pool') {
    if (access.poolIds.length === 0) return query.whereRaw('false');
    void query.where('t.tenant_id', access.actor.tenantId).whereIn('t.pool_id', access.poolIds);
    return poolsGrantReading(access) ? query : query.where(accessibleWhere(access.ability, 'read', 'Task', { table: 't' }));
  }
  void query.where(accessibleWhere(access.ability, 'read', 'Task', { table: 't' }));
  if (view === 'mine') void query.where('t.assignee_user_id', access.actor.id);
  return query;
}

/**
 * One page of a view, sorted by priority (stat first), then due time, then ID; keyset pagination.
 * The page is chosen from `tasks` alone and only its rows are joined to their pool and text, so a
 * busy queue never joins thousands of rows to show twenty-five. Built on the model, handed over as
 * the Knex query it compiles to (the inbox benchmark times and EXPLAINs exactly this query).
 */
export function inboxPageQuery(access: TaskAccess, filters: InboxFilters): Knex.QueryBuilder {
  const page = viewQuery(access, filters.view).select('t.*', raw('t.due_at::text as due_key')).whereRaw(statusIn(filters.statuses));
  if (filters.types?.length) void page.whereIn('t.type', filters.types);
  if (filters.priorities?.length) void page.whereIn('t.priority', filters.priorities);
  if (filters.patientId) void page.where('t.patient_id', filters.patientId);
  if (filters.dueBefore) void page.where('t.due_at', '<', filters.dueBefore);
  if (filters.cursor) {
    // ">= and <>" rather than ">": PostgreSQL estimates a row comparison from its first column, and
    // `priority_rank > 2` (nothing) would make it walk the whole tenant's index instead of the queue's.
    const { rank, dueAt, id } = decodeCursor(filters.cursor);
    void page
      .whereRaw('(t.priority_rank, t.due_at, t.id) >= (?, ?::timestamptz, ?::uuid)', [rank, dueAt, id])
      .whereRaw('(t.priority_rank, t.due_at, t.id) <> (?, ?::timestamptz, ?::uuid)', [rank, dueAt, id]);
  }
  const order = (alias: string) => [{ column: `${alias}.priority_rank` }, { column: `${alias}.due_at` }, { column: `${alias}.id` }];
  void page.orderBy(order('t')).limit(filters.limit + 1);
  return Task.query(access.trx)
    .from(page.as('pg'))
    .leftJoin('task_pools as p', 'p.id', 'pg.pool_id')
    .leftJoin('task_details as d', 'd.task_id', 'pg.id')
    .select('pg.*', 'p.role as pool_role', 'd.title')
    .orderBy(order('pg'))
    .toKnexQuery();
}

export async function listInbox(access: TaskAccess, filters: InboxFilters): Promise<{ tasks: InboxTask[]; nextCursor: string | null }> {
  const rows = (await inboxPageQuery(access, filters)) as object[];
  // The rows are read through the model's mappers: camelCase fields, ISO timestamps.
  const tasks = rows.map((row) => Task.fromDatabaseJson(row).toRecord<InboxTask>());
  const page = tasks.slice(0, filters.limit);
  const last = page[page.length - 1];
  const nextCursor = tasks.length > filters.limit && last ? encodeCursor({ rank: last.priorityRank, dueAt: last.dueKey, id: last.id }) : null;
  return { tasks: page, nextCursor };
}

/** Badge count of a view: live tasks (for pools, those nobody has claimed yet). An aggregate, so it runs as plain Knex. */
export function viewCountQuery(access: TaskAccess, view: InboxView): Knex.QueryBuilder {
  return viewQuery(access, view)
    .whereRaw(statusIn(view === 'pool' ? ['open'] : ACTIVE_STATUSES))
    .count({ count: '*' })
    .toKnexQuery();
}

export async function countViews(access: TaskAccess, views: InboxView[]): Promise<Partial<Record<InboxView, number>>> {
  const counts: Partial<Record<InboxView, number>> = {};
  for (const view of views) {
    const rows = (await viewCountQuery(access, view)) as { count: string }[];
    counts[view] = Number(rows[0]?.count ?? 0);
  }
  return counts;
}
