import { raw } from 'objection';
import { notVisible } from '../../authz/assert-can.js';
import { type Action } from '../../authz/subjects.js';
import { viewQuery, type InboxTask } from '../inbox/inbox-query.js';
import { type TaskAccess } from '../task-access.js';
import { type TaskRecord, toTaskRecord } from '../task-record.js';

/**
 * The task if the caller may read it (the same SQL conditions as the inbox), else a 404 that does
 * not reveal whether it exists, audited as a denied `action`.
 */
export async function visibleTask(access: TaskAccess, taskId: string, action: Action): Promise<{ task: InboxTask; record: TaskRecord }> {
  const found = await viewQuery(access, 'all')
    .leftJoin('task_pools as p', 'p.id', 't.pool_id')
    .leftJoin('task_details as d', 'd.task_id', 't.id')
    .select('t.*', 'p.role as pool_role', 'd.title', raw('t.due_at::text as due_key'))
    .where('t.id', taskId)
    .first();
  if (!found) throw notVisible(action, 'Task', taskId);
  const task = found.toRecord<InboxTask>();
  return { task, record: toTaskRecord(task) };
}
