import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';

/**
 * The app role (owns nothing, so row-level security applies to it), the extensions later
 * features rely on, and the table behind the end-to-end system check.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
        create role ${APP_ROLE} nologin;
      end if;
    end $$;`);
  // The login user (owner in dev/test) must be able to SET ROLE to the app role.
  await knex.raw(`grant ${APP_ROLE} to current_user`);
  await knex.raw(`grant usage on schema public to ${APP_ROLE}`);
  await knex.raw('create extension if not exists btree_gist');

  await knex.schema.createTable('system_checks', (t) => {
    t.uuid('id').primary();
    t.text('workflow_id').notNullable();
    t.text('status').notNullable();
    t.integer('database_latency_ms');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('completed_at', { useTz: true });
  });
  await knex.raw(`grant select, insert, update on system_checks to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('system_checks');
  await knex.raw('drop extension if exists btree_gist');
  await knex.raw(`revoke usage on schema public from ${APP_ROLE}`);
  // The role is cluster-wide and may serve other databases of the cluster; it is left in place.
}
