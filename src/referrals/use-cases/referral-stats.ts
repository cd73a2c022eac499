import { accessibleWhere } from '../../authz/accessible-where.js';
import { recordAudit } from '../../audit/record-audit.js';
import { validationFailed } from '../../errors/app-error.js';
import { REFERRAL_STAGES } from '../../workflows/shared/referral.js';
import { withReferralAccess } from '../referral-access.js';
import { type ReferralDeps } from './referral-deps.js';

export interface ReferralStats {
  from: string;
  to: string;
  sent: number;
  closed: number;
  reportReceived: number;
  cancelled: number;
  rerouted: number;
  /** Closed loops (report reviewed by the referrer) over referrals sent and not cancelled or rerouted: the CMS50 idea. */
  loopClosureRate: number | null;
  /** Median active time (pauses excluded) of the stages that started in the period and have ended. */
  medianSecondsPerStage: Record<string, number | null>;
  /** Stages started in the period that missed their due time (ended late, or still open past it). */
  overdueByStage: Record<string, number>;
  escalations: number;
}

/**
 * Loop-closure figures over the referrals the caller may see, for referrals sent (and stages started)
 * in [from, to). Counts and durations only: no patient appears in the answer.
 */
export async function referralStats(deps: ReferralDeps, query: { from: string; to: string }): Promise<ReferralStats> {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (!(from < to)) throw validationFailed([{ pointer: '/query/to', detail: 'must be after from' }]);
  return withReferralAccess(deps.db, async ({ trx, actor, ability }) => {
    const visible = accessibleWhere(ability, 'read', 'Referral', { table: 'r' });
    const counts = await trx('referrals as r')
      .where(visible)
      .where('r.sent_at', '>=', from)
      .where('r.sent_at', '<', to)
      .first<Record<string, string>>(
        trx.raw('count(*) as sent'),
        trx.raw("count(*) filter (where r.status = 'closed') as closed"),
        trx.raw('count(*) filter (where r.report_received_at is not null) as report_received'),
        trx.raw("count(*) filter (where r.status = 'cancelled') as cancelled"),
        trx.raw("count(*) filter (where r.status = 'rerouted') as rerouted"),
      );
    const stages = await trx('referral_stages as s')
      .join('referrals as r', 'r.id', 's.referral_id')
      .where(visible)
      .where('s.started_at', '>=', from)
      .where('s.started_at', '<', to)
      .groupBy('s.stage')
      .select<{ stage: string; median: string | null; overdue: string }[]>(
        's.stage',
        trx.raw('percentile_cont(0.5) within group (order by extract(epoch from s.ended_at - s.started_at) - s.paused_ms / 1000.0) filter (where s.ended_at is not null) as median'),
        trx.raw('count(*) filter (where s.due_at is not null and coalesce(s.ended_at, s.paused_since, now()) > s.due_at) as overdue'),
      );
    const escalations = await trx('task_escalations as e')
      .join('tasks as t', 't.id', 'e.task_id')
      .join('referrals as r', 'r.workflow_id', 't.workflow_id')
      .where(visible)
      .where('e.escalated_at', '>=', from)
      .where('e.escalated_at', '<', to)
      .first<{ count: string }>(trx.raw('count(*) as count'));
    await recordAudit(trx, actor, { action: 'read', entityType: 'ReferralStats', details: { from: query.from, to: query.to } });
    const n = (v: string | undefined) => Number(v ?? 0);
    const denominator = n(counts.sent) - n(counts.cancelled) - n(counts.rerouted);
    const byStage = new Map(stages.map((s) => [s.stage, s]));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      sent: n(counts.sent),
      closed: n(counts.closed),
      reportReceived: n(counts.report_received),
      cancelled: n(counts.cancelled),
      rerouted: n(counts.rerouted),
      loopClosureRate: denominator > 0 ? n(counts.closed) / denominator : null,
      medianSecondsPerStage: Object.fromEntries(REFERRAL_STAGES.map((stage) => {
        const median = byStage.get(stage)?.median;
        return [stage, median === null || median === undefined ? null : Math.round(Number(median) * 10) / 10];
      })),
      overdueByStage: Object.fromEntries(REFERRAL_STAGES.map((stage) => [stage, n(byStage.get(stage)?.overdue)])),
      escalations: n(escalations.count),
    };
  });
}
