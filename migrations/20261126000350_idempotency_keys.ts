import { type Knex } from 'knex';
import { protectTenantTable } from '../src/db/rls.js';

/**
 * Idempotency-Key support: the first request with a key runs; a retry with the same key and body
 * gets the stored response; the same key with a different body is refused.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.uuid('tenant_id').notNullable().references('tenants.id');
    t.text('scope').notNullable(); // the operation, e.g. appointments.book
    t.text('key').notNullable();
    t.text('actor_id').notNullable();
    t.text('request_hash').notNullable();
    t.text('state').notNullable().defaultTo('in-progress'); // in-progress | completed
    t.integer('response_status');
    t.jsonb('response_body');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
    t.primary(['tenant_id', 'scope', 'key']);
    t.index(['created_at']);
  });
  await protectTenantTable(knex, 'idempotency_keys');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('idempotency_keys');
}
