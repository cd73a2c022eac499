import { type ModelObject } from 'objection';
import { asSubject } from '../../authz/ability.js';
import { recordAudit } from '../../audit/record-audit.js';
import { TaskDetail, TaskHistoryEntry } from '../store/task-model.js';
import { type TaskAccess } from '../task-access.js';
import { presentTask } from '../task-record.js';
import { visibleTask } from './visible-task.js';

function historyItem(entry: ModelObject<TaskHistoryEntry>, clinical: boolean) {
  return {
    action: entry.action,
    at: entry.at,
    actor: { type: entry.actorType, id: entry.actorId },
    version: entry.version,
    status: { from: entry.fromStatus, to: entry.toStatus },
    owner: { from: entry.fromOwnerUserId, to: entry.toOwnerUserId },
    pool: { from: entry.fromPoolId, to: entry.toPoolId },
    claimedBy: { from: entry.fromClaimedByUserId, to: entry.toClaimedByUserId },
    dueAt: { from: entry.fromDueAt, to: entry.toDueAt },
    // Reasons are typed by people and details can carry outcomes: clinical content.
    ...(clinical ? { reason: entry.reason, details: entry.details } : {}),
  };
}

/** One task with its content (as far as the caller may see it) and its full history. Audited. */
export async function getTask(access: TaskAccess, taskId: string) {
  const { task, record } = await visibleTask(access, taskId, 'read');
  const details = await TaskDetail.query(access.trx).select('instructions', 'form').findById(taskId);
  const full = {
    ...record,
    instructions: details?.instructions ?? null,
    form: details?.form ?? null,
    decisionOptions: task.decisionOptions,
    outcomeNote: task.outcomeNote,
    outcomePayload: task.outcomePayload,
  };
  const clinical = access.ability.can('read', asSubject('Task', full), 'outcomeNote');
  const history = await TaskHistoryEntry.query(access.trx).where('task_id', taskId).orderBy('id');
  await recordAudit(access.trx, access.actor, { action: 'read', entityType: 'Task', entityId: taskId, patientId: task.patientId });
  return { ...presentTask(access.ability, full), history: history.map((entry) => historyItem(entry, clinical)) };
}
