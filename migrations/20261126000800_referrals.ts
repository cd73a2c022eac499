import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';
import { protectTenantTable } from '../src/db/rls.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');

const URGENCIES = ['routine', 'urgent', 'emergent'];
const STATUSES = ['draft', 'sent', 'received', 'info-requested', 'declined', 'accepted', 'scheduled', 'seen', 'report-received', 'closed', 'cancelled', 'rerouted'];
const STAGES = ['triage', 'more-info', 'decline-review', 'scheduling', 'visit', 'report', 'review'];
const NOTE_KINDS = ['info-request', 'info-answer', 'decline', 'cancel', 'reroute'];
const CODE = "'^[a-z0-9][a-z0-9-]{0,39}$'";

/**
 * Closed-loop referrals. The referral row holds IDs, codes and stage timestamps; clinical text
 * (reason, clinical question, document descriptions, notes, the consult report) is stored sealed
 * (AES-256-GCM, see src/referrals/clinical-box.ts). Each stage of the loop is a row of
 * `referral_stages` (start, end, due time, pauses, who acted), the source of the timeline and of
 * the CMS50-style figures. Appointments booked for a referral carry its ID.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table referrals (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      patient_id uuid not null references patients(id),
      referring_practitioner_id uuid not null references practitioners(id),
      referring_user_id uuid references users(id),
      referring_department_id uuid references departments(id),
      target_kind text not null check (target_kind in ('practitioner','department','external')),
      target_practitioner_id uuid references practitioners(id),
      target_department_id uuid references departments(id),
      target_specialty text check (length(target_specialty) between 1 and 80),
      external_organisation jsonb,
      urgency text not null check (urgency in (${list(URGENCIES)})),
      clinical_sealed text not null,
      external_referral_number text check (length(external_referral_number) between 1 and 64),
      status text not null check (status in (${list(STATUSES)})),
      stage text check (stage in (${list(STAGES)})),
      stage_key text,
      stage_due_at timestamptz,
      appointment_id uuid references appointments(id),
      report_id uuid,
      replaces_referral_id uuid references referrals(id),
      -- Written by the old referral's workflow while the replacement's transaction is still open: no foreign key.
      replaced_by_referral_id uuid,
      workflow_id text not null,
      version integer not null default 1,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      sent_at timestamptz,
      received_at timestamptz,
      accepted_at timestamptz,
      declined_at timestamptz,
      booked_at timestamptz,
      seen_at timestamptz,
      report_received_at timestamptz,
      closed_at timestamptz,
      cancelled_at timestamptz,
      constraint referrals_target check (
        (target_kind = 'practitioner' and target_practitioner_id is not null) or
        (target_kind = 'department' and target_department_id is not null) or
        (target_kind = 'external' and external_organisation is not null)
      )
    )`);
  await knex.raw('create index referrals_referrer on referrals (tenant_id, referring_practitioner_id, created_at)');
  await knex.raw('create index referrals_referring_department on referrals (tenant_id, referring_department_id, created_at)');
  await knex.raw('create index referrals_target_department on referrals (tenant_id, target_department_id, created_at)');
  await knex.raw('create index referrals_patient on referrals (tenant_id, patient_id, created_at)');
  await knex.raw("create index referrals_open_due on referrals (tenant_id, stage_due_at) where status not in ('draft','closed','cancelled','rerouted')");
  await knex.raw('create index referrals_sent on referrals (tenant_id, sent_at)');
  await knex.raw('create index referrals_external_number on referrals (tenant_id, external_referral_number)');

  // A reference to a stored document (its system and ID), with its description sealed.
  await knex.raw(`
    create table referral_documents (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      referral_id uuid not null references referrals(id) on delete cascade,
      position smallint not null,
      kind text not null check (kind ~ ${CODE}),
      reference text not null check (length(reference) between 1 and 300),
      content_sealed text,
      created_at timestamptz not null default now(),
      constraint referral_documents_position unique (referral_id, position)
    )`);

  await knex.raw(`
    create table referral_notes (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      referral_id uuid not null references referrals(id) on delete cascade,
      kind text not null check (kind in (${list(NOTE_KINDS)})),
      sealed text not null,
      author_user_id uuid references users(id),
      created_at timestamptz not null default now()
    )`);
  await knex.raw('create index referral_notes_referral on referral_notes (tenant_id, referral_id, created_at)');

  await knex.raw(`
    create table referral_reports (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      referral_id uuid not null references referrals(id) on delete cascade,
      sealed text not null,
      submitted_by_user_id uuid references users(id),
      submitted_at timestamptz not null default now()
    )`);
  await knex.raw('create index referral_reports_referral on referral_reports (tenant_id, referral_id)');
  await knex.raw('alter table referrals add constraint referrals_report foreign key (report_id) references referral_reports(id)');

  await knex.raw(`
    create table referral_stages (
      tenant_id uuid not null references tenants(id) on delete restrict,
      referral_id uuid not null references referrals(id) on delete cascade,
      stage_key text not null check (stage_key ~ '^[a-z-]+-[0-9]{1,3}$'),
      stage text not null check (stage in (${list(STAGES)})),
      round smallint not null check (round > 0),
      started_at timestamptz not null default clock_timestamp(),
      ended_at timestamptz,
      due_at timestamptz,
      sla_ms bigint,
      paused_since timestamptz,
      paused_ms bigint not null default 0,
      outcome text check (outcome ~ ${CODE}),
      reason text check (reason ~ ${CODE}),
      acted_by_type text,
      acted_by_id text,
      acted_by_role text,
      details jsonb not null default '{}',
      primary key (referral_id, stage_key)
    )`);
  await knex.raw('create index referral_stages_period on referral_stages (tenant_id, started_at)');

  await knex.raw(`
    create table referral_history (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      referral_id uuid not null references referrals(id) on delete cascade,
      event_key text not null,
      at timestamptz not null default clock_timestamp(),
      from_status text,
      to_status text not null,
      stage text,
      actor_type text not null,
      actor_id text,
      actor_role text,
      reason text,
      details jsonb not null default '{}',
      constraint referral_history_event unique (referral_id, event_key)
    )`);
  await knex.raw('create index referral_history_referral on referral_history (tenant_id, referral_id, id)');

  await knex.raw('alter table appointments add column referral_id uuid references referrals(id)');
  await knex.raw('create index appointments_referral on appointments (tenant_id, referral_id) where referral_id is not null');

  await protectTenantTable(knex, 'referrals', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'referral_documents', ['SELECT', 'INSERT']);
  await protectTenantTable(knex, 'referral_notes', ['SELECT', 'INSERT', 'DELETE']);
  await protectTenantTable(knex, 'referral_reports', ['SELECT', 'INSERT', 'DELETE']);
  await protectTenantTable(knex, 'referral_stages', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'referral_history', ['SELECT', 'INSERT']);
  await knex.raw(`grant usage on sequence referral_history_id_seq to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists appointments_referral');
  await knex.raw('alter table appointments drop column if exists referral_id');
  await knex.raw('alter table referrals drop constraint if exists referrals_report');
  for (const table of ['referral_history', 'referral_stages', 'referral_reports', 'referral_notes', 'referral_documents', 'referrals']) {
    await knex.schema.dropTableIfExists(table);
  }
}
