import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';

/**
 * What authentication needs on top of the identity schema:
 * - `auth_throttle`: failed-login counters per account and per client IP, in the database so every
 *   API replica sees the same counts. Keys are SHA-256 digests (no e-mail or IP in clear), and
 *   rows exist for accounts that do not exist too, so throttling cannot reveal which ones do.
 *   It is not tenant data (an IP spans tenants), so it has no tenant_id and no RLS policy.
 * - TOTP replay protection: the last accepted time step per user; each session's auth methods.
 * - Lookup indexes: API keys by digest, refresh-token families, patient search, audit filters.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('auth_throttle', (t) => {
    t.text('key_hash').primary();
    t.integer('failures').notNullable().defaultTo(0);
    t.timestamp('window_started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('locked_until', { useTz: true });
  });
  await knex.raw(`grant select, insert, update, delete on auth_throttle to ${APP_ROLE}`);

  await knex.schema.alterTable('users', (t) => {
    t.bigInteger('mfa_last_used_step');
  });
  // How the session was authenticated (RFC 8176 values), carried into every rotated access token.
  await knex.schema.alterTable('refresh_tokens', (t) => {
    t.specificType('amr', 'text[]').notNullable().defaultTo(knex.raw("'{pwd}'::text[]"));
  });

  await knex.raw('create unique index api_keys_key_hash_unique on api_keys (key_hash)');
  await knex.raw("alter table api_keys add constraint api_keys_role_check check (role in ('integration'))");
  await knex.raw('create index refresh_tokens_live_family on refresh_tokens (tenant_id, family_id) where used_at is null and revoked_at is null');
  await knex.raw('create index patients_tenant_family_name_search on patients (tenant_id, lower(family_name) text_pattern_ops)');
  await knex.raw('create index patients_tenant_given_name_search on patients (tenant_id, lower(given_name) text_pattern_ops)');
  await knex.raw('create index patients_tenant_birth_date on patients (tenant_id, birth_date)');
  await knex.raw('create index audit_events_tenant_entity on audit_events (tenant_id, entity_type, entity_id, seq)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists audit_events_tenant_entity');
  await knex.raw('drop index if exists patients_tenant_birth_date');
  await knex.raw('drop index if exists patients_tenant_given_name_search');
  await knex.raw('drop index if exists patients_tenant_family_name_search');
  await knex.raw('drop index if exists refresh_tokens_live_family');
  await knex.raw('alter table api_keys drop constraint if exists api_keys_role_check');
  await knex.raw('drop index if exists api_keys_key_hash_unique');
  await knex.schema.alterTable('refresh_tokens', (t) => {
    t.dropColumn('amr');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('mfa_last_used_step');
  });
  await knex.schema.dropTableIfExists('auth_throttle');
}
