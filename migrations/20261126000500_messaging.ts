import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';
import { protectTenantTable } from '../src/db/rls.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');
const STATUSES = ['queued', 'deferred', 'sent', 'delivered', 'failed', 'undelivered', 'suppressed'];
const TERMINAL = ['delivered', 'failed', 'undelivered', 'suppressed'];

/**
 * Patient messaging (issue 4).
 *
 * - `messaging_sender_numbers`: the numbers Twilio delivers inbound texts to, each owned by one tenant.
 *   A webhook knows only the receiving number, so any session may read them (numbers are not PHI).
 * - `message_deliveries`: the ledger, one row per intended message, unique per (tenant, idempotency key).
 *   No address or text in clear: `content_sealed` holds the rendered message (AES-256-GCM), which the
 *   lost-reply lookup must repeat exactly; status callbacks match on the provider message ID.
 *   A trigger refuses to move a terminal status, behind the transition rules in ledger/statuses.ts.
 * - `message_reply_waits`: which workflow waits for a patient's reply, until when.
 * - `inbound_messages`: each inbound text once (by MessageSid), as its classification only; the body
 *   is never stored (the intent is all any consumer needs).
 * - `twilio_status_events`: status callbacks seen, so a replayed one is processed once.
 * - `message_action_links`: single-use confirm/decline links in emails.
 * - `users.mobile_e164` / `users.sms_opted_out_at`: how staff are texted, and their carrier-style opt-out.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table messaging_sender_numbers (
      e164 text primary key check (e164 ~ '^\\+[1-9][0-9]{6,14}$'),
      tenant_id uuid not null references tenants(id) on delete restrict,
      created_at timestamptz not null default now()
    )`);
  await knex.raw('create index messaging_sender_numbers_tenant on messaging_sender_numbers (tenant_id)');
  await knex.raw('alter table messaging_sender_numbers enable row level security');
  await knex.raw('alter table messaging_sender_numbers force row level security');
  await knex.raw('create policy sender_number_read on messaging_sender_numbers for select using (true)');
  await knex.raw(`grant select on messaging_sender_numbers to ${APP_ROLE}`);

  await knex.raw(`
    create table message_deliveries (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      idempotency_key text not null,
      request_hash text not null,
      recipient_type text not null check (recipient_type in ('patient','user')),
      patient_id uuid references patients(id),
      user_id uuid references users(id),
      template text not null,
      purpose text not null,
      channel_choice text not null check (channel_choice in ('sms','email','preferred')),
      subject_type text,
      subject_id text,
      reply_workflow_id text,
      reply_expires_at timestamptz,
      fallback_of uuid references message_deliveries(id),
      channel text check (channel in ('sms','email')),
      status text not null default 'queued' check (status in (${list(STATUSES)})),
      reason text,
      deferred_until timestamptz,
      provider_message_id text,
      provider_status text,
      error_code text,
      attempts integer not null default 0,
      attempt_token uuid,
      lease_until timestamptz,
      pending_attempt_at timestamptz,
      content_sealed text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      sent_at timestamptz,
      completed_at timestamptz,
      constraint message_deliveries_key unique (tenant_id, idempotency_key),
      constraint message_deliveries_recipient check (
        (recipient_type = 'patient' and patient_id is not null and user_id is null) or
        (recipient_type = 'user' and user_id is not null and patient_id is null))
    )`);
  await knex.raw('create unique index message_deliveries_provider on message_deliveries (tenant_id, provider_message_id) where provider_message_id is not null');
  await knex.raw('create index message_deliveries_patient on message_deliveries (tenant_id, patient_id, created_at desc) where patient_id is not null');
  await knex.raw("create index message_deliveries_patient_sms on message_deliveries (tenant_id, patient_id, sent_at) where channel = 'sms' and sent_at is not null");
  await knex.raw(`
    create function message_deliveries_terminal_guard() returns trigger language plpgsql as $$
    begin
      if old.status in (${list(TERMINAL)}) and new.status is distinct from old.status then
        raise exception 'message delivery status % is terminal', old.status using errcode = '23514';
      end if;
      new.updated_at := now();
      return new;
    end $$`);
  await knex.raw('create trigger message_deliveries_terminal_guard before update on message_deliveries for each row execute function message_deliveries_terminal_guard()');

  await knex.raw(`
    create table message_reply_waits (
      message_id uuid primary key references message_deliveries(id) on delete cascade,
      tenant_id uuid not null references tenants(id) on delete restrict,
      patient_id uuid not null references patients(id),
      workflow_id text not null,
      expires_at timestamptz not null,
      created_at timestamptz not null default now()
    )`);
  await knex.raw('create index message_reply_waits_patient on message_reply_waits (tenant_id, patient_id, expires_at)');

  await knex.raw(`
    create table inbound_messages (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      message_sid text not null,
      patient_id uuid references patients(id),
      intent text not null,
      keyword text,
      via_reasonable_means boolean not null default false,
      handled_as text not null,
      workflow_id text,
      received_at timestamptz not null default now(),
      constraint inbound_messages_sid unique (tenant_id, message_sid)
    )`);
  await knex.raw('create index inbound_messages_patient on inbound_messages (tenant_id, patient_id, received_at desc) where patient_id is not null');

  await knex.raw(`
    create table twilio_status_events (
      tenant_id uuid not null references tenants(id) on delete restrict,
      message_sid text not null,
      status text not null,
      received_at timestamptz not null default now(),
      primary key (tenant_id, message_sid, status)
    )`);

  await knex.raw(`
    create table message_action_links (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      message_id uuid not null references message_deliveries(id) on delete cascade,
      patient_id uuid not null references patients(id),
      workflow_id text not null,
      clinic_name text not null,
      appointment_at timestamptz,
      expires_at timestamptz not null,
      used_at timestamptz,
      used_intent text check (used_intent in ('confirm','decline')),
      created_at timestamptz not null default now()
    )`);
  await knex.raw('create index message_action_links_patient on message_action_links (tenant_id, patient_id, used_at)');

  await knex.schema.alterTable('users', (t) => {
    t.text('mobile_e164');
    t.timestamp('sms_opted_out_at', { useTz: true });
  });
  await knex.raw('create index users_tenant_mobile on users (tenant_id, mobile_e164) where mobile_e164 is not null');

  await protectTenantTable(knex, 'message_deliveries', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'message_reply_waits', ['SELECT', 'INSERT', 'DELETE']);
  await protectTenantTable(knex, 'inbound_messages', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'twilio_status_events', ['SELECT', 'INSERT']);
  await protectTenantTable(knex, 'message_action_links', ['SELECT', 'INSERT', 'UPDATE']);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists users_tenant_mobile');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('sms_opted_out_at');
    t.dropColumn('mobile_e164');
  });
  for (const table of ['message_action_links', 'twilio_status_events', 'inbound_messages', 'message_reply_waits', 'message_deliveries', 'messaging_sender_numbers']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('drop function if exists message_deliveries_terminal_guard()');
}
