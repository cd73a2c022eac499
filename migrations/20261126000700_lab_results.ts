import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';
import { CURRENT_TENANT_SQL, protectTenantTable } from '../src/db/rls.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');
const CLASSES = ['normal', 'abnormal', 'critical'];
const REVISIONS = ['preliminary', 'final', 'corrected', 'cancelled'];

/**
 * Lab results: integrations (the sender allow-list), the raw inbox, orders, reports with their
 * revisions and observations, the routing timeline, critical-result notifications and the alert
 * ledger, plus per-tenant settings and critical ranges.
 */
export async function up(knex: Knex): Promise<void> {
  await createIntegrations(knex);
  await createInbox(knex);
  await createSettings(knex);
  await createOrdersAndReports(knex);
  await createRouting(knex);
}

/**
 * The allow-list of sending applications/facilities. Over MLLP the sender is all there is to tell
 * the tenant, so it is looked up across tenants by a SECURITY DEFINER function that returns IDs
 * only. Row-level security is enabled but not forced here, so that function (run as the owner)
 * can read it while the app role stays confined to its tenant.
 */
async function createIntegrations(knex: Knex): Promise<void> {
  await knex.raw(`
    create table lab_integrations (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      name text not null,
      sending_facility text not null,
      sending_application text,
      receiving_facility text,
      api_key_id uuid references api_keys(id),
      patient_id_authorities text[] not null default '{}',
      default_timezone_offset text check (default_timezone_offset ~ '^[+-][0-9]{4}$'),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  await knex.raw(`
    create unique index lab_integrations_sender on lab_integrations
      (sending_facility, coalesce(sending_application, ''), coalesce(receiving_facility, ''))`);
  await knex.raw('create index lab_integrations_api_key on lab_integrations (tenant_id, api_key_id)');
  await knex.raw('alter table lab_integrations enable row level security');
  await knex.raw(
    `create policy tenant_isolation on lab_integrations using (tenant_id = ${CURRENT_TENANT_SQL}) with check (tenant_id = ${CURRENT_TENANT_SQL})`,
  );
  await knex.raw(`grant select, insert, update on lab_integrations to ${APP_ROLE}`);
  await knex.raw(`
    create function lab_sender_lookup(p_facility text, p_application text, p_receiving text)
    returns table (tenant_id uuid, integration_id uuid, specificity int, default_timezone_offset text)
    language sql stable security definer set search_path = public, pg_temp as $$
      select i.tenant_id, i.id,
             (i.sending_application is not null)::int + (i.receiving_facility is not null)::int,
             i.default_timezone_offset
        from lab_integrations i
       where i.active and i.sending_facility = p_facility
         and (i.sending_application is null or i.sending_application = p_application)
         and (i.receiving_facility is null or i.receiving_facility = p_receiving)
       order by 3 desc
       limit 2
    $$`);
  await knex.raw('revoke all on function lab_sender_lookup(text, text, text) from public');
  await knex.raw(`grant execute on function lab_sender_lookup(text, text, text) to ${APP_ROLE}`);
}

/**
 * Every inbound message, raw, stored before it is acknowledged. A message that cannot be
 * attributed to a tenant (no readable MSH, sender not allow-listed) is kept too, with no tenant:
 * the app role may insert such rows but no tenant can read them.
 */
async function createInbox(knex: Knex): Promise<void> {
  await knex.raw(`
    create table hl7_inbox (
      id uuid primary key,
      tenant_id uuid references tenants(id) on delete restrict,
      integration_id uuid references lab_integrations(id),
      transport text not null check (transport in ('mllp','http-hl7','http-fhir')),
      format text not null check (format in ('hl7v2','fhir')),
      sending_application text,
      sending_facility text,
      message_control_id text,
      message_type text,
      -- The message as received; bytes only when it holds a NUL, which PostgreSQL text cannot.
      raw text,
      raw_bytes bytea,
      size_bytes integer not null,
      received_at timestamptz not null default clock_timestamp(),
      status text not null check (status in ('accepted','failed','rejected')),
      ack_code text not null check (ack_code in ('AA','AE','AR')),
      ack_condition text,
      error_code text,
      error_location jsonb,
      error_text text,
      error_details jsonb,
      processed_at timestamptz,
      report_count integer,
      constraint hl7_inbox_attributed check (tenant_id is not null or status = 'rejected'),
      constraint hl7_inbox_raw check (num_nonnulls(raw, raw_bytes) = 1)
    )`);
  // A retransmission (same control ID from the same sender) is recognised, not processed again.
  await knex.raw(`
    create unique index hl7_inbox_dedupe on hl7_inbox (tenant_id, sending_facility, message_control_id)
      where tenant_id is not null and message_control_id is not null`);
  await knex.raw("create index hl7_inbox_errors on hl7_inbox (tenant_id, received_at desc) where status <> 'accepted'");
  await knex.raw("create index hl7_inbox_pending on hl7_inbox (tenant_id, received_at) where status = 'accepted' and processed_at is null");
  await protectTenantTable(knex, 'hl7_inbox', ['SELECT', 'INSERT', 'UPDATE']);
  await knex.raw(`create policy unattributed_insert on hl7_inbox for insert to ${APP_ROLE} with check (tenant_id is null)`);
}

async function createSettings(knex: Knex): Promise<void> {
  await knex.raw(`
    create table lab_settings (
      tenant_id uuid primary key references tenants(id) on delete restrict,
      critical_ack_deadline_seconds integer check (critical_ack_deadline_seconds > 0),
      escalation_step_seconds integer[],
      review_due_seconds jsonb not null default '{}',
      reconciliation_due_seconds integer check (reconciliation_due_seconds > 0),
      updated_at timestamptz not null default now()
    )`);
  await knex.raw(`
    create table lab_critical_ranges (
      tenant_id uuid not null references tenants(id) on delete restrict,
      loinc_code text not null,
      low numeric,
      high numeric,
      critical_low numeric,
      critical_high numeric,
      units text,
      primary key (tenant_id, loinc_code)
    )`);
  await protectTenantTable(knex, 'lab_settings', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'lab_critical_ranges');
}

async function createOrdersAndReports(knex: Knex): Promise<void> {
  await knex.raw(`
    create table lab_orders (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      patient_id uuid not null references patients(id),
      ordering_practitioner_id uuid not null references practitioners(id),
      performing_integration_id uuid references lab_integrations(id),
      placer_order_number text not null,
      filler_order_number text,
      test_codes text[] not null check (cardinality(test_codes) > 0),
      priority text not null check (priority in ('routine','urgent','stat')),
      status text not null default 'ordered' check (status in ('ordered','resulted','cancelled')),
      created_by text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint lab_orders_placer unique (tenant_id, placer_order_number)
    )`);
  await knex.raw('create index lab_orders_filler on lab_orders (tenant_id, filler_order_number) where filler_order_number is not null');
  await knex.raw('create index lab_orders_patient on lab_orders (tenant_id, patient_id, created_at desc)');

  await knex.raw(`
    create table lab_reports (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      integration_id uuid not null references lab_integrations(id),
      report_key text,
      lab_order_id uuid references lab_orders(id),
      patient_id uuid references patients(id),
      ordering_practitioner_id uuid references practitioners(id),
      placer_order_number text,
      filler_order_number text,
      test_code text not null,
      test_display text,
      test_system text,
      status text not null check (status in (${list(REVISIONS)})),
      classification text check (classification in (${list(CLASSES)})),
      corrected boolean not null default false,
      match_status text not null default 'pending' check (match_status in ('pending','matched','unmatched','ambiguous')),
      matched_by text check (matched_by in ('order','identifier','reconciliation')),
      current_revision_id uuid,
      critical_state text not null default 'none' check (critical_state in ('none','awaiting-ack','acknowledged')),
      escalation_level smallint not null default 0,
      released_at timestamptz,
      hold_reason text,
      hold_until timestamptz,
      hold_placed_by text,
      hold_placed_at timestamptz,
      workflow_id text not null,
      first_received_at timestamptz not null,
      last_received_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint lab_reports_key unique (tenant_id, integration_id, report_key)
    )`);
  await knex.raw('create index lab_reports_patient on lab_reports (tenant_id, patient_id, first_received_at desc)');
  await knex.raw('create index lab_reports_orderer on lab_reports (tenant_id, ordering_practitioner_id, first_received_at desc)');
  await knex.raw('create index lab_reports_received on lab_reports (tenant_id, first_received_at desc)');

  await knex.raw(`
    create table lab_report_revisions (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      report_id uuid not null references lab_reports(id),
      inbox_id uuid not null references hl7_inbox(id),
      revision_no integer not null,
      revision text not null check (revision in (${list(REVISIONS)})),
      report_status text not null,
      classification text check (classification in (${list(CLASSES)})),
      observed_at text,
      resulted_at text,
      received_at timestamptz not null,
      patient jsonb not null,
      ordering_provider jsonb,
      notes jsonb not null default '[]',
      superseded_at timestamptz,
      dispatched_at timestamptz,
      routed_at timestamptz,
      constraint lab_report_revisions_no unique (report_id, revision_no)
    )`);
  await knex.raw('create index lab_report_revisions_undispatched on lab_report_revisions (tenant_id, received_at) where dispatched_at is null');
  await knex.raw(
    'alter table lab_reports add constraint lab_reports_current_revision foreign key (current_revision_id) references lab_report_revisions(id) deferrable initially deferred',
  );

  await knex.raw(`
    create table lab_observations (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      report_id uuid not null references lab_reports(id),
      revision_id uuid not null references lab_report_revisions(id),
      position integer not null,
      code text not null,
      display text,
      system text,
      value_type text,
      value jsonb,
      units text,
      reference_range text,
      abnormal_flags text[] not null default '{}',
      result_status text not null,
      classification text check (classification in (${list(CLASSES)})),
      observed_at text,
      notes jsonb not null default '[]'
    )`);
  await knex.raw('create index lab_observations_revision on lab_observations (tenant_id, revision_id, position)');

  for (const table of ['lab_orders', 'lab_reports', 'lab_report_revisions', 'lab_observations']) {
    await protectTenantTable(knex, table, ['SELECT', 'INSERT', 'UPDATE']);
  }
}

async function createRouting(knex: Knex): Promise<void> {
  // Every routing step with its time; `event_key` makes a retried activity record a step once.
  await knex.raw(`
    create table lab_result_events (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      report_id uuid not null references lab_reports(id),
      event_key text not null,
      kind text not null,
      occurred_at timestamptz not null default clock_timestamp(),
      revision_id uuid,
      level smallint,
      practitioner_id uuid,
      task_id uuid,
      actor_type text,
      actor_id text,
      details jsonb not null default '{}',
      constraint lab_result_events_key unique (tenant_id, report_id, event_key)
    )`);
  await knex.raw('create index lab_result_events_report on lab_result_events (tenant_id, report_id, id)');

  // One row per critical identification: receipt → acknowledgement time for NPSG reporting.
  await knex.raw(`
    create table lab_critical_notifications (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      report_id uuid not null references lab_reports(id),
      revision_id uuid not null references lab_report_revisions(id),
      received_at timestamptz not null,
      identified_at timestamptz not null,
      deadline_at timestamptz not null,
      critical_key text not null,
      corrected boolean not null default false,
      first_alert_at timestamptz,
      escalation_level smallint not null default 0,
      escalated_at timestamptz,
      acknowledged_at timestamptz,
      acknowledged_by_user_id uuid,
      acknowledged_by_practitioner_id uuid,
      read_back text,
      seconds_to_ack numeric,
      constraint lab_critical_notifications_revision unique (revision_id)
    )`);
  await knex.raw('create index lab_critical_notifications_period on lab_critical_notifications (tenant_id, identified_at)');

  // The clinicians a report was routed to (ordering, cover, on-call, lead, reconciler).
  await knex.raw(`
    create table lab_report_recipients (
      tenant_id uuid not null references tenants(id) on delete restrict,
      report_id uuid not null references lab_reports(id),
      practitioner_id uuid not null references practitioners(id),
      role text not null,
      added_at timestamptz not null default clock_timestamp(),
      primary key (report_id, practitioner_id, role)
    )`);
  await knex.raw('create index lab_report_recipients_practitioner on lab_report_recipients (tenant_id, practitioner_id)');

  // Alert intents and their outcome: staff alerts and patient notices, never any result value.
  await knex.raw(`
    create table lab_result_alerts (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      report_id uuid not null references lab_reports(id),
      idempotency_key text not null,
      purpose text not null check (purpose in ('critical-alert','patient-notice')),
      recipient_type text not null check (recipient_type in ('user','patient')),
      recipient_id uuid not null,
      channel text not null,
      template text not null,
      status text not null check (status in ('pending','sent','suppressed','deferred','failed')),
      reason text,
      message_id text,
      requested_at timestamptz not null default clock_timestamp(),
      completed_at timestamptz,
      constraint lab_result_alerts_key unique (tenant_id, idempotency_key)
    )`);
  await knex.raw('create index lab_result_alerts_report on lab_result_alerts (tenant_id, report_id)');

  await protectTenantTable(knex, 'lab_result_events', ['SELECT', 'INSERT']);
  await protectTenantTable(knex, 'lab_critical_notifications', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'lab_report_recipients', ['SELECT', 'INSERT']);
  await protectTenantTable(knex, 'lab_result_alerts', ['SELECT', 'INSERT', 'UPDATE']);

  // Who may see a report: the ordering physician, the clinicians it was routed to, the ordering
  // physician's current cover, and physicians of the ordering physician's departments.
  await knex.raw(`
    create view lab_report_viewers with (security_invoker = true) as
      select r.tenant_id, r.id as report_id, r.ordering_practitioner_id as practitioner_id
        from lab_reports r where r.ordering_practitioner_id is not null
      union
      select rr.tenant_id, rr.report_id, rr.practitioner_id from lab_report_recipients rr
      union
      select r.tenant_id, r.id, c.covering_practitioner_id
        from lab_reports r
        join coverage c on c.tenant_id = r.tenant_id and c.practitioner_id = r.ordering_practitioner_id
       where c.starts_at <= now() and c.ends_at > now()
      union
      select r.tenant_id, r.id, colleague.practitioner_id
        from lab_reports r
        join users orderer on orderer.tenant_id = r.tenant_id and orderer.practitioner_id = r.ordering_practitioner_id
        join department_members m1 on m1.user_id = orderer.id
        join department_members m2 on m2.department_id = m1.department_id
        join users colleague on colleague.id = m2.user_id
       where colleague.role = 'physician' and colleague.practitioner_id is not null and colleague.disabled_at is null`);
  await knex.raw(`grant select on lab_report_viewers to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop view if exists lab_report_viewers');
  for (const table of [
    'lab_result_alerts',
    'lab_report_recipients',
    'lab_critical_notifications',
    'lab_result_events',
    'lab_observations',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('alter table if exists lab_reports drop constraint if exists lab_reports_current_revision');
  for (const table of ['lab_report_revisions', 'lab_reports', 'lab_orders', 'lab_critical_ranges', 'lab_settings', 'hl7_inbox']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('drop function if exists lab_sender_lookup(text, text, text)');
  await knex.schema.dropTableIfExists('lab_integrations');
}
