import { type TemplateSubjectResolver } from '../messaging/subject-resolvers.js';
import { Task } from './store/task-model.js';

/**
 * Template variables of a task (subject type `task`) for staff notices: a reference to find it by in
 * the inbox, never its title, instructions or patient.
 */
export const resolveTaskTemplateVariables: TemplateSubjectResolver = async (trx, taskId) => {
  const task = await Task.query(trx).findById(taskId).select('id');
  return task ? { alertId: `TK-${task.id.slice(0, 8).toUpperCase()}` } : {};
};
