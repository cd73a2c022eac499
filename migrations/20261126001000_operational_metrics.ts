import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';

/**
 * Aggregates for the operational gauges (open tasks per queue, oldest open task, overdue referral
 * stages, prescriptions awaiting a signature, unacknowledged critical results past their deadline).
 * Row-level security hides every tenant's rows from a session without a tenant, so the metrics
 * collector calls this SECURITY DEFINER function: it returns counts per tenant and label only —
 * no row, no ID, nothing about a patient.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function operational_metrics()
    returns table (metric text, tenant text, label text, value double precision)
    language sql stable security definer set search_path = public as $$
      select 'tasks_open', t.slug, k.type, count(*)::double precision
        from tasks k join tenants t on t.id = k.tenant_id
        where k.status in ('open', 'claimed') group by t.slug, k.type
      union all
      select 'task_oldest_open_age_seconds', t.slug, k.type, extract(epoch from now() - min(k.created_at))
        from tasks k join tenants t on t.id = k.tenant_id
        where k.status in ('open', 'claimed') group by t.slug, k.type
      union all
      select 'referrals_overdue', t.slug, s.stage, count(*)::double precision
        from referral_stages s join tenants t on t.id = s.tenant_id
        where s.ended_at is null and s.paused_since is null and s.due_at < now() group by t.slug, s.stage
      union all
      select 'prescriptions_awaiting_signature', t.slug, '', count(*)::double precision
        from prescriptions p join tenants t on t.id = p.tenant_id
        where p.status = 'awaiting-decision' group by t.slug
      union all
      select 'critical_results_unacknowledged_overdue', t.slug, '', count(*)::double precision
        from lab_critical_notifications n join tenants t on t.id = n.tenant_id
        where n.acknowledged_at is null and n.deadline_at < now() group by t.slug
    $$`);
  await knex.raw('revoke all on function operational_metrics() from public');
  await knex.raw(`grant execute on function operational_metrics() to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists operational_metrics()');
}
