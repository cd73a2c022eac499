import { deniedWith } from '../../audit/denials.js';
import { recordAuditMany } from '../../audit/record-audit.js';
import { forbidden } from '../../errors/app-error.js';
import { countViews, type InboxFilters, type InboxView, listInbox } from '../inbox/inbox-query.js';
import { type TaskAccess } from '../task-access.js';
import { presentTask, toTaskRecord } from '../task-record.js';

/** `all` lists the whole tenant: administrators, and ops (who see operational fields only). */
const mayListAll = (access: TaskAccess) => access.actor.role === 'admin' || access.actor.role === 'ops';

/**
 * A page of one inbox view with the badge counts of every view the caller has. Every task returned
 * is audited as read (one event each, so "who saw this patient's tasks" can be answered).
 */
export async function listTasks(access: TaskAccess, filters: InboxFilters) {
  const denied = (detail: string) => deniedWith(forbidden(detail), { action: 'read', entityType: 'Task', details: { view: filters.view } });
  if (filters.view === 'all' && !mayListAll(access)) throw denied('Only administrators list every task.');
  // Ops may not filter by patient: that would reveal whose tasks exist.
  if (filters.patientId && access.actor.role === 'ops') throw denied('You may not filter tasks by patient.');
  const { tasks, nextCursor } = await listInbox(access, filters);
  const views: InboxView[] = mayListAll(access) ? ['mine', 'pool', 'all'] : ['mine', 'pool'];
  const counts = await countViews(access, views);
  await recordAuditMany(
    access.trx,
    access.actor,
    tasks.map((task) => ({ action: 'read', entityType: 'Task', entityId: task.id, patientId: task.patientId, details: { view: filters.view } })),
  );
  return { items: tasks.map((task) => presentTask(access.ability, toTaskRecord(task))), nextCursor, counts };
}
