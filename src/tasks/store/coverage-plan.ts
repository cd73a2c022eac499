import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { activeCoverOf } from '../routing/people.js';
import { type CoverageRoutingPlan } from './contract.js';
import { Task } from './task-model.js';

const ACTIVE_STATUSES = ['open', 'claimed'];
/** More open tasks than this for one practitioner would be a data problem, not a coverage. */
const MAX_TASKS = 1000;

const inactive = (startsInMs = 0): CoverageRoutingPlan => ({ active: false, startsInMs, coverUserId: null, tasks: [] });

/** The covered practitioner's still-open tasks and who takes them, if the coverage period runs now. */
export async function planCoverageRouting(db: Knex, input: { tenantId: string; coverageId: string }): Promise<CoverageRoutingPlan> {
  return withTenant(db, input.tenantId, async (trx) => {
    // Coverage periods and user accounts are other areas' tables: read with plain Knex.
    const coverage = await trx('coverage')
      .where({ id: input.coverageId })
      .first<{ practitioner_id: string; starts_in_ms: string; running: boolean } | undefined>(
        'practitioner_id',
        trx.raw('greatest(0, extract(epoch from (starts_at - now())) * 1000)::bigint as starts_in_ms'),
        trx.raw('(starts_at <= now() and ends_at > now()) as running'),
      );
    if (!coverage) return inactive();
    if (!coverage.running) return inactive(Number(coverage.starts_in_ms));
    const cover = await activeCoverOf(trx, coverage.practitioner_id);
    if (!cover) return inactive();
    const users = (await trx('users').where({ practitioner_id: coverage.practitioner_id }).select<{ id: string }[]>('id')).map((u) => u.id);
    const away = new Set(users);
    const tasks = await Task.query(trx)
      .select('id', 'workflow_id', 'owner_user_id', 'claimed_by_user_id')
      .whereIn('status', ACTIVE_STATUSES)
      .andWhere((q) => void q.whereIn('owner_user_id', users).orWhereIn('claimed_by_user_id', users))
      .orderBy('id')
      .limit(MAX_TASKS);
    return {
      active: true,
      startsInMs: 0,
      coverUserId: cover.coverUserId,
      tasks: tasks.map((t) => ({
        taskId: t.id,
        workflowId: t.workflowId,
        fromUserId: (t.claimedByUserId && away.has(t.claimedByUserId) ? t.claimedByUserId : t.ownerUserId)!,
      })),
    };
  });
}
