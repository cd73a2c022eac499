import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';

/**
 * Aggregates for the operational gauges (open tasks per queue, oldest open task, overdue referral
 * stages, prescriptions awaiting a signature, unacknowledged critical results past their deadline).
 * Row-level security hides every tenant's rows from a session without a tenant, so the metrics
 * collector calls this SECURITY DEFINER function: it returns counts per tenant ID and label only —
 * no row, no ID, nothing about a patient.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function operational_metrics()
    returns table (metric text, tenant text, label text, value double precision)
    language sql stable security definer set search_path = public as $$
      select 'tasks_open', k.tenant_id::text, k.type, count(*)::double precision
        from tasks k
        where k.status in ('open', 'claimed') group by k.tenant_id, k.type
      union all
      select 'task_oldest_open_age_seconds', k.tenant_id::text, k.type, extract(epoch from now() - min(k.created_at))
        from tasks k
        where k.status in ('open', 'claimed') group by k.tenant_id, k.type
      union all
      select 'referrals_overdue', s.tenant_id::text, s.stage, count(*)::double precision
        from referral_stages s
        where s.ended_at is null and s.paused_since is null and s.due_at < now() group by s.tenant_id, s.stage
      union all
      select 'prescriptions_awaiting_signature', p.tenant_id::text, '', count(*)::double precision
        from prescriptions p
        where p.status = 'awaiting-decision' group by p.tenant_id
      union all
      select 'critical_results_unacknowledged_overdue', n.tenant_id::text, '', count(*)::double precision
        from lab_critical_notifications n
        where n.acknowledged_at is null and n.deadline_at < now() group by n.tenant_id
    $$`);
  await knex.raw('revoke all on function operational_metrics() from public');
  await knex.raw(`grant execute on function operational_metrics() to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists operational_metrics()');
}
