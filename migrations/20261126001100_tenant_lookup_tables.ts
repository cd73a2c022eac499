import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';
import { CURRENT_TENANT_SQL } from '../src/db/rls.js';

/**
 * The two tables that identify a tenant from an inbound message before any tenant is known — the
 * lab sender allow-list and the SMS receiving numbers — get forced row-level security keyed on the
 * tenant like every other tenant table. Across tenants they are read only through SECURITY DEFINER
 * lookups that return a tenant ID: a select-only policy for the owner role (who runs those
 * functions) keeps them working where the owner is not a superuser. The app role is no member of
 * the owner role, so it sees its own tenant's rows only, and no session writes without a tenant.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table lab_integrations force row level security');
  await knex.raw('create policy sender_lookup on lab_integrations for select to current_user using (true)');

  // Every tenant could list every tenant's numbers; now only its own.
  await knex.raw('drop policy sender_number_read on messaging_sender_numbers');
  await knex.raw(
    `create policy tenant_isolation on messaging_sender_numbers using (tenant_id = ${CURRENT_TENANT_SQL}) with check (tenant_id = ${CURRENT_TENANT_SQL})`,
  );
  await knex.raw('create policy number_lookup on messaging_sender_numbers for select to current_user using (true)');
  await knex.raw(`
    create function messaging_tenant_of_number(p_e164 text) returns uuid
    language sql stable security definer set search_path = public, pg_temp as $$
      select n.tenant_id from messaging_sender_numbers n where n.e164 = p_e164
    $$`);
  await knex.raw('revoke all on function messaging_tenant_of_number(text) from public');
  await knex.raw(`grant execute on function messaging_tenant_of_number(text) to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists messaging_tenant_of_number(text)');
  await knex.raw('drop policy if exists number_lookup on messaging_sender_numbers');
  await knex.raw('drop policy if exists tenant_isolation on messaging_sender_numbers');
  await knex.raw('create policy sender_number_read on messaging_sender_numbers for select using (true)');
  await knex.raw('drop policy if exists sender_lookup on lab_integrations');
  await knex.raw('alter table lab_integrations no force row level security');
}
