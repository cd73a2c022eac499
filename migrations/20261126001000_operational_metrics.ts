import { type Knex } from 'knex';
import { APP_ROLE, TENANT_SETTING } from '../src/db/app-role.js';

/**
 * Aggregates for the operational gauges (open tasks per queue, oldest open task, overdue referral
 * stages, prescriptions awaiting a signature, unacknowledged critical results past their deadline).
 * Row-level security hides every tenant's rows from a session without a tenant, so the metrics
 * collector calls this SECURITY DEFINER function: it returns counts per tenant ID and label only —
 * no row, no ID, nothing about a patient.
 */
export async function up(knex: Knex): Promise<void> {
  // The owner may not bypass row-level security (FORCE is on, and it need not be a superuser), so the
  // function visits one tenant at a time under that tenant's setting (and filters on it explicitly,
  // for owners that do bypass it).
  await knex.raw(`
    create function operational_metrics()
    returns table (metric text, tenant text, label text, value double precision)
    language plpgsql volatile security definer set search_path = public as $$
    declare
      t record;
    begin
      for t in select id from tenants loop
        perform set_config('${TENANT_SETTING}', t.id::text, true);
        return query
          select 'tasks_open', t.id::text, k.type, count(*)::double precision
            from tasks k where k.tenant_id = t.id and k.status in ('open', 'claimed') group by k.type
          union all
          select 'task_oldest_open_age_seconds', t.id::text, k.type, extract(epoch from now() - min(k.created_at))::double precision
            from tasks k where k.tenant_id = t.id and k.status in ('open', 'claimed') group by k.type
          union all
          select 'referrals_overdue', t.id::text, s.stage, count(*)::double precision
            from referral_stages s where s.tenant_id = t.id and s.ended_at is null and s.paused_since is null and s.due_at < now() group by s.stage
          union all
          select 'prescriptions_awaiting_signature', t.id::text, '', count(*)::double precision
            from prescriptions p where p.tenant_id = t.id and p.status = 'awaiting-decision'
          union all
          select 'critical_results_unacknowledged_overdue', t.id::text, '', count(*)::double precision
            from lab_critical_notifications n where n.tenant_id = t.id and n.acknowledged_at is null and n.deadline_at < now();
      end loop;
      perform set_config('${TENANT_SETTING}', '', true);
    end $$`);
  await knex.raw('revoke all on function operational_metrics() from public');
  await knex.raw(`grant execute on function operational_metrics() to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists operational_metrics()');
}
