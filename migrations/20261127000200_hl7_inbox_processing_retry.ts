import { type Knex } from 'knex';

/**
 * Retries of accepted messages whose processing failed get columns of their own instead of keys in
 * `error_details`: how many attempts have failed and when the sweeper may try again. The sweep's
 * "due" test becomes a plain comparison, and the integration-errors list can show both. Rows written
 * before are carried over; `error_details` keeps only what describes the error (type, PostgreSQL code).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table hl7_inbox
      add column processing_attempts integer not null default 0 check (processing_attempts >= 0),
      add column processing_retry_at timestamptz`);
  await knex.raw(`
    update hl7_inbox
       set processing_attempts = coalesce((error_details ->> 'attempts')::integer, 0),
           processing_retry_at = (error_details ->> 'retryAt')::timestamptz,
           error_details = error_details - 'attempts' - 'retryAt'
     where error_code = 'PROCESSING_FAILED'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    update hl7_inbox
       set error_details = coalesce(error_details, '{}'::jsonb)
             || jsonb_build_object('attempts', processing_attempts, 'retryAt', processing_retry_at)
     where error_code = 'PROCESSING_FAILED'`);
  await knex.raw('alter table hl7_inbox drop column processing_retry_at, drop column processing_attempts');
}
