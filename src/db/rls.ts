import { type Knex } from 'knex';
import { APP_ROLE, TENANT_SETTING } from './app-role.js';

/** SQL expression for the current tenant; NULL when unset, which matches no row. */
export const CURRENT_TENANT_SQL = `nullif(current_setting('${TENANT_SETTING}', true), '')::uuid`;

/**
 * Puts a tenant-scoped table under row-level security keyed on `tenant_id`, and grants the app role
 * the listed privileges. FORCE makes the policy apply even to the table owner's sessions that SET ROLE.
 */
export async function protectTenantTable(
  knex: Knex,
  table: string,
  privileges: string[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
): Promise<void> {
  await knex.raw(`alter table ?? enable row level security`, [table]);
  await knex.raw(`alter table ?? force row level security`, [table]);
  await knex.raw(
    `create policy tenant_isolation on ?? using (tenant_id = ${CURRENT_TENANT_SQL}) with check (tenant_id = ${CURRENT_TENANT_SQL})`,
    [table],
  );
  await knex.raw(`grant ${privileges.join(', ')} on ?? to ${APP_ROLE}`, [table]);
}
