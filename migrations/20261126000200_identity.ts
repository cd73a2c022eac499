import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';
import { CURRENT_TENANT_SQL, protectTenantTable } from '../src/db/rls.js';

export const ROLES = ['admin', 'scheduler', 'physician', 'nurse', 'pharmacist', 'ops', 'patient', 'integration'] as const;

const id = (t: Knex.CreateTableBuilder, knex: Knex) => t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
const tenantRef = (t: Knex.CreateTableBuilder) => t.uuid('tenant_id').notNullable().references('tenants.id').onDelete('restrict');
const stamps = (t: Knex.CreateTableBuilder, knex: Knex) => {
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
};

/**
 * Tenants, the registry (practitioners, departments, coverage, patients), users and their
 * credentials, and the append-only, hash-chained audit trail. Every clinical row carries tenant_id
 * and sits under row-level security.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tenants', (t) => {
    id(t, knex);
    t.text('slug').notNullable().unique();
    t.text('name').notNullable();
    t.text('timezone').notNullable().defaultTo('America/New_York');
    t.text('locale').notNullable().defaultTo('en-US');
    t.jsonb('settings').notNullable().defaultTo('{}');
    stamps(t, knex);
  });
  // Tenants hold no PHI: any session may read them (login resolves a tenant by slug);
  // only the tenant's own scoped session may update its settings.
  await knex.raw('alter table tenants enable row level security');
  await knex.raw('alter table tenants force row level security');
  await knex.raw('create policy tenant_read on tenants for select using (true)');
  await knex.raw(`create policy tenant_update on tenants for update using (id = ${CURRENT_TENANT_SQL})`);
  await knex.raw(`grant select, update on tenants to ${APP_ROLE}`);

  await knex.schema.createTable('practitioners', (t) => {
    id(t, knex);
    tenantRef(t);
    t.text('given_name').notNullable();
    t.text('family_name').notNullable();
    t.text('title');
    t.text('kind').notNullable().defaultTo('physician'); // physician, resident, nurse-practitioner, physician-assistant, nurse, pharmacist
    t.text('specialty');
    t.text('npi');
    t.text('dea_number');
    t.boolean('can_prescribe').notNullable().defaultTo(false);
    t.uuid('supervising_practitioner_id').references('practitioners.id');
    t.text('timezone');
    t.boolean('active').notNullable().defaultTo(true);
    stamps(t, knex);
    t.unique(['tenant_id', 'npi']);
  });

  await knex.schema.createTable('departments', (t) => {
    id(t, knex);
    tenantRef(t);
    t.text('name').notNullable();
    t.text('specialty');
    t.uuid('lead_practitioner_id').references('practitioners.id');
    t.uuid('on_call_practitioner_id').references('practitioners.id');
    stamps(t, knex);
    t.unique(['tenant_id', 'name']);
  });

  await knex.schema.createTable('patients', (t) => {
    id(t, knex);
    tenantRef(t);
    t.text('mrn').notNullable();
    t.text('given_name').notNullable();
    t.text('family_name').notNullable();
    t.date('birth_date').notNullable();
    t.text('sex');
    t.text('mobile_e164');
    t.text('email');
    t.text('preferred_channel').notNullable().defaultTo('sms'); // sms | email | none
    t.text('language').notNullable().defaultTo('en');
    t.text('timezone');
    // Current messaging consent per channel; the full history is in patient_consent_events.
    t.text('sms_consent').notNullable().defaultTo('unknown'); // granted | revoked | unknown
    t.text('sms_consent_source');
    t.timestamp('sms_consent_at', { useTz: true });
    t.text('email_consent').notNullable().defaultTo('unknown');
    t.text('email_consent_source');
    t.timestamp('email_consent_at', { useTz: true });
    // Minors and dependants: messages go to the responsible party's contact.
    t.text('responsible_party_name');
    t.text('responsible_party_relationship');
    t.text('responsible_party_mobile_e164');
    t.text('responsible_party_email');
    stamps(t, knex);
    t.unique(['tenant_id', 'mrn']);
    t.index(['tenant_id', 'family_name', 'given_name']);
    t.index(['tenant_id', 'mobile_e164']);
  });

  await knex.schema.createTable('patient_consent_events', (t) => {
    id(t, knex);
    tenantRef(t);
    t.uuid('patient_id').notNullable().references('patients.id');
    t.text('channel').notNullable(); // sms | email
    t.text('status').notNullable(); // granted | revoked
    t.text('source').notNullable(); // e.g. intake-form, sms-keyword:STOP, staff, patient-portal
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'patient_id', 'recorded_at']);
  });

  await knex.schema.createTable('users', (t) => {
    id(t, knex);
    tenantRef(t);
    t.text('email').notNullable();
    t.text('display_name').notNullable();
    t.text('role').notNullable();
    t.text('password_hash');
    t.uuid('practitioner_id').references('practitioners.id');
    t.uuid('patient_id').references('patients.id');
    t.text('mfa_secret_encrypted');
    t.boolean('mfa_enabled').notNullable().defaultTo(false);
    t.integer('failed_login_count').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('last_login_at', { useTz: true });
    t.timestamp('disabled_at', { useTz: true });
    stamps(t, knex);
  });
  await knex.raw(`alter table users add constraint users_role_check check (role in (${ROLES.map((r) => `'${r}'`).join(',')}))`);
  await knex.raw('create unique index users_tenant_email_unique on users (tenant_id, lower(email))');

  await knex.schema.createTable('department_members', (t) => {
    tenantRef(t);
    t.uuid('department_id').notNullable().references('departments.id').onDelete('cascade');
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.primary(['department_id', 'user_id']);
    t.index(['tenant_id', 'user_id']);
  });

  await knex.schema.createTable('coverage', (t) => {
    id(t, knex);
    tenantRef(t);
    t.uuid('practitioner_id').notNullable().references('practitioners.id');
    t.uuid('covering_practitioner_id').notNullable().references('practitioners.id');
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true }).notNullable();
    t.text('reason');
    stamps(t, knex);
    t.index(['tenant_id', 'practitioner_id', 'starts_at']);
  });
  await knex.raw('alter table coverage add constraint coverage_period_check check (ends_at > starts_at and practitioner_id <> covering_practitioner_id)');

  await knex.schema.createTable('refresh_tokens', (t) => {
    id(t, knex);
    tenantRef(t);
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.uuid('family_id').notNullable();
    t.text('token_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('session_last_activity_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('ip');
    t.text('user_agent');
    t.index(['tenant_id', 'family_id']);
  });

  await knex.schema.createTable('api_keys', (t) => {
    id(t, knex);
    tenantRef(t);
    t.text('name').notNullable();
    t.text('role').notNullable();
    t.text('key_hash').notNullable();
    t.uuid('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
  });

  for (const table of ['practitioners', 'departments', 'patients', 'patient_consent_events', 'users', 'department_members', 'coverage', 'refresh_tokens', 'api_keys']) {
    await protectTenantTable(knex, table);
  }

  await createAuditTrail(knex);
}

/**
 * Audit trail (HIPAA audit controls, ONC §170.315(d)(2)): append-only and hash-chained per tenant.
 * A BEFORE INSERT trigger links each row to the previous one of its tenant (serialised by an advisory
 * lock), so every insert path is chained; UPDATE, DELETE and TRUNCATE are rejected by triggers, and
 * the app role is granted neither.
 */
async function createAuditTrail(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id').primary();
    tenantRef(t);
    t.bigInteger('seq').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.text('actor_type').notNullable(); // user | service | system
    t.text('actor_id');
    t.text('actor_role');
    t.text('workflow_id');
    t.text('action').notNullable();
    t.text('entity_type');
    t.text('entity_id');
    t.uuid('patient_id');
    t.text('outcome').notNullable(); // allowed | denied
    t.text('reason');
    t.text('ip');
    t.text('user_agent');
    t.text('request_id');
    t.jsonb('details').notNullable().defaultTo('{}');
    t.text('prev_hash').notNullable();
    t.text('hash').notNullable();
    t.unique(['tenant_id', 'seq']);
    t.index(['tenant_id', 'occurred_at']);
    t.index(['tenant_id', 'patient_id', 'occurred_at']);
    t.index(['tenant_id', 'actor_id', 'occurred_at']);
  });
  await knex.raw("alter table audit_events add constraint audit_outcome_check check (outcome in ('allowed','denied'))");

  await knex.raw(`
    create function audit_event_digest(e audit_events) returns text language sql immutable as $$
      select encode(sha256(convert_to(concat_ws('|',
        e.prev_hash, e.tenant_id::text, e.seq::text, to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.actor_type, coalesce(e.actor_id, ''), coalesce(e.actor_role, ''), coalesce(e.workflow_id, ''),
        e.action, coalesce(e.entity_type, ''), coalesce(e.entity_id, ''), coalesce(e.patient_id::text, ''),
        e.outcome, coalesce(e.reason, ''), coalesce(e.ip, ''), coalesce(e.user_agent, ''), coalesce(e.request_id, ''),
        e.details::text), 'UTF8')), 'hex')
    $$`);
  await knex.raw(`
    create function audit_events_chain() returns trigger language plpgsql as $$
    declare last audit_events;
    begin
      perform pg_advisory_xact_lock(hashtextextended('audit:' || new.tenant_id::text, 0));
      select * into last from audit_events where tenant_id = new.tenant_id order by seq desc limit 1;
      new.seq := coalesce(last.seq, 0) + 1;
      new.prev_hash := coalesce(last.hash, repeat('0', 64));
      new.occurred_at := clock_timestamp();
      new.hash := audit_event_digest(new);
      return new;
    end $$`);
  await knex.raw(`
    create function audit_events_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only' using errcode = '42501';
    end $$`);
  await knex.raw('create trigger audit_events_chain before insert on audit_events for each row execute function audit_events_chain()');
  await knex.raw('create trigger audit_events_no_update before update or delete on audit_events for each row execute function audit_events_immutable()');
  await knex.raw('create trigger audit_events_no_truncate before truncate on audit_events for each statement execute function audit_events_immutable()');
  await protectTenantTable(knex, 'audit_events', ['SELECT', 'INSERT']);
  await knex.raw(`grant usage on sequence audit_events_id_seq to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists audit_event_digest(audit_events)');
  await knex.schema.dropTableIfExists('audit_events');
  await knex.raw('drop function if exists audit_events_chain()');
  await knex.raw('drop function if exists audit_events_immutable()');
  for (const table of ['api_keys', 'refresh_tokens', 'coverage', 'department_members', 'users', 'patient_consent_events', 'patients', 'departments', 'practitioners', 'tenants']) {
    await knex.schema.dropTableIfExists(table);
  }
}
