import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';

/**
 * Retention of raw lab messages. `hl7_inbox` keeps every message as received, which is a second
 * copy of the results (and, for rejected messages, of whatever an unknown sender sent). Once a
 * message has been processed, or was never accepted, and is older than the retention period, its
 * raw text is purged: the row stays (header fields, outcome, ACK, errors: the interface log) with
 * the SHA-256 of what was received and when it was purged. Results live on in `lab_reports`.
 *
 * - `lab_settings.raw_message_retention_days`: a tenant's period (null: the deployment default).
 * - Messages from unknown senders belong to no tenant, so row-level security hides them from the
 *   app role: `hl7_inbox_purge_unattributed` purges them with the owner's rights, and nothing else.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table hl7_inbox add column raw_sha256 text, add column raw_purged_at timestamptz');
  await knex.raw('alter table hl7_inbox drop constraint hl7_inbox_raw');
  await knex.raw(`
    alter table hl7_inbox add constraint hl7_inbox_raw check (
      (raw_purged_at is null and num_nonnulls(raw, raw_bytes) = 1) or
      (raw_purged_at is not null and raw is null and raw_bytes is null and raw_sha256 is not null))`);
  await knex.raw(`
    create index hl7_inbox_retention on hl7_inbox (tenant_id, received_at)
      where raw_purged_at is null and (status <> 'accepted' or processed_at is not null)`);
  await knex.raw('alter table lab_settings add column raw_message_retention_days integer check (raw_message_retention_days > 0)');

  await knex.raw(`
    create function hl7_inbox_purge_unattributed(p_days integer, p_limit integer) returns integer
    language sql volatile security definer set search_path = public, pg_temp as $$
      with due as (
        select id from hl7_inbox
        where tenant_id is null and raw_purged_at is null and received_at < now() - make_interval(days => p_days)
        order by received_at limit p_limit for update skip locked),
      purged as (
        update hl7_inbox i
           set raw_sha256 = encode(sha256(coalesce(i.raw_bytes, convert_to(i.raw, 'UTF8'))), 'hex'),
               raw = null, raw_bytes = null, raw_purged_at = now()
          from due where i.id = due.id
        returning 1)
      select count(*)::integer from purged
    $$`);
  await knex.raw('revoke all on function hl7_inbox_purge_unattributed(integer, integer) from public');
  await knex.raw(`grant execute on function hl7_inbox_purge_unattributed(integer, integer) to ${APP_ROLE}`);
}

/** Going back cannot restore purged messages: their rows keep an empty text so the old constraint holds. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists hl7_inbox_purge_unattributed(integer, integer)');
  await knex.raw('alter table lab_settings drop column raw_message_retention_days');
  await knex.raw('drop index if exists hl7_inbox_retention');
  await knex.raw('alter table hl7_inbox drop constraint hl7_inbox_raw');
  await knex.raw("update hl7_inbox set raw = '' where raw_purged_at is not null");
  await knex.raw('alter table hl7_inbox drop column raw_sha256, drop column raw_purged_at');
  await knex.raw('alter table hl7_inbox add constraint hl7_inbox_raw check (num_nonnulls(raw, raw_bytes) = 1)');
}
