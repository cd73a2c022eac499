import { type Knex } from 'knex';
import { type ModelObject } from 'objection';
import { Task, TaskEscalation } from '../tasks/store/task-model.js';
import { type ReferralStage as StageName } from '../workflows/shared/referral.js';
import { ReferralStage } from './store/referral-model.js';

export interface TimelineEntry {
  stage: StageName;
  round: number;
  key: string;
  startedAt: string;
  endedAt: string | null;
  dueAt: string | null;
  /** Finished after its due time, or still open past it (a paused stage is not overdue while paused). */
  overdue: boolean;
  pausedSeconds: number;
  outcome: string | null;
  reason: string | null;
  actedBy: { type: string; id: string | null; role: string | null } | null;
  taskIds: string[];
  /** Escalations of the stage's tasks, by their stable IDs (`<taskId>:L<level>`). */
  escalations: { id: string; level: number; at: string; resolved: boolean }[];
}

export function isOverdue(stage: Pick<ModelObject<ReferralStage>, 'dueAt' | 'endedAt' | 'pausedSince'>, now: Date): boolean {
  if (!stage.dueAt) return false;
  const until = stage.endedAt ?? stage.pausedSince;
  return (until ? Date.parse(until) : now.getTime()) > Date.parse(stage.dueAt);
}

/**
 * The referral's stages in order, with who acted, whether each was overdue, and the tasks and
 * escalations behind it (tasks are matched to their stage by the step the workflow gave them,
 * `<stageKey>:<role>`).
 */
export async function loadTimeline(trx: Knex.Transaction, referralId: string, workflowId: string, now = new Date()): Promise<TimelineEntry[]> {
  // One connection per transaction: the queries run one after another.
  const stages = await ReferralStage.query(trx).where('referral_id', referralId).orderBy([{ column: 'started_at' }, { column: 'stage_key' }]);
  const tasks = await Task.query(trx).select('id', 'step').where('workflow_id', workflowId).orderBy('created_at');
  const escalations = await TaskEscalation.query(trx)
    .alias('e')
    .join('tasks as t', 't.id', 'e.task_id')
    .where('t.workflow_id', workflowId)
    .orderBy('e.escalated_at')
    .select('e.id', 'e.task_id', 'e.level', 'e.escalated_at', 'e.to_user_id', 'e.to_pool_id');
  return stages.map((s) => {
    const taskIds = tasks.filter((t) => t.step.startsWith(`${s.stageKey}:`)).map((t) => t.id);
    return {
      stage: s.stage,
      round: s.round,
      key: s.stageKey,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      dueAt: s.dueAt,
      overdue: isOverdue(s, now),
      pausedSeconds: Math.round(s.pausedMs / 1000),
      outcome: s.outcome,
      reason: s.reason,
      actedBy: s.actedByType ? { type: s.actedByType, id: s.actedById, role: s.actedByRole } : null,
      taskIds,
      escalations: escalations
        .filter((e) => taskIds.includes(e.taskId))
        .map((e) => ({ id: e.id, level: e.level, at: e.escalatedAt, resolved: e.toUserId !== null || e.toPoolId !== null })),
    };
  });
}
