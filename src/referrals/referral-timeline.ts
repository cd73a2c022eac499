import { type Knex } from 'knex';
import { type ReferralStage } from '../workflows/shared/referral.js';

interface StageRow {
  stage_key: string;
  stage: ReferralStage;
  round: number;
  started_at: Date;
  ended_at: Date | null;
  due_at: Date | null;
  paused_since: Date | null;
  paused_ms: string;
  outcome: string | null;
  reason: string | null;
  acted_by_type: string | null;
  acted_by_id: string | null;
  acted_by_role: string | null;
}

export interface TimelineEntry {
  stage: ReferralStage;
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

export function isOverdue(row: Pick<StageRow, 'due_at' | 'ended_at' | 'paused_since'>, now: Date): boolean {
  if (!row.due_at) return false;
  const until = row.ended_at ?? row.paused_since ?? now;
  return until.getTime() > row.due_at.getTime();
}

/**
 * The referral's stages in order, with who acted, whether each was overdue, and the tasks and
 * escalations behind it (tasks are matched to their stage by the step the workflow gave them,
 * `<stageKey>:<role>`).
 */
export async function loadTimeline(trx: Knex.Transaction, referralId: string, workflowId: string, now = new Date()): Promise<TimelineEntry[]> {
  // One connection per transaction: the queries run one after another.
  const stages = await trx('referral_stages').where({ referral_id: referralId }).orderBy([{ column: 'started_at' }, { column: 'stage_key' }]).select<StageRow[]>('*');
  const tasks = await trx('tasks').where({ workflow_id: workflowId }).orderBy('created_at').select<{ id: string; step: string }[]>('id', 'step');
  const escalations = await trx('task_escalations as e')
    .join('tasks as t', 't.id', 'e.task_id')
    .where('t.workflow_id', workflowId)
    .orderBy('e.escalated_at')
    .select<{ id: string; task_id: string; level: number; escalated_at: Date; to_user_id: string | null; to_pool_id: string | null }[]>(
      'e.id',
      'e.task_id',
      'e.level',
      'e.escalated_at',
      'e.to_user_id',
      'e.to_pool_id',
    );
  return stages.map((s) => {
    const taskIds = tasks.filter((t) => t.step.startsWith(`${s.stage_key}:`)).map((t) => t.id);
    return {
      stage: s.stage,
      round: s.round,
      key: s.stage_key,
      startedAt: s.started_at.toISOString(),
      endedAt: s.ended_at?.toISOString() ?? null,
      dueAt: s.due_at?.toISOString() ?? null,
      overdue: isOverdue(s, now),
      pausedSeconds: Math.round(Number(s.paused_ms) / 1000),
      outcome: s.outcome,
      reason: s.reason,
      actedBy: s.acted_by_type ? { type: s.acted_by_type, id: s.acted_by_id, role: s.acted_by_role } : null,
      taskIds,
      escalations: escalations
        .filter((e) => taskIds.includes(e.task_id))
        .map((e) => ({ id: e.id, level: e.level, at: e.escalated_at.toISOString(), resolved: e.to_user_id !== null || e.to_pool_id !== null })),
    };
  });
}
