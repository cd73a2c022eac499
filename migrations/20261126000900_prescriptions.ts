import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';
import { protectTenantTable } from '../src/db/rls.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');

const STATUSES = ['screening', 'awaiting-decision', 'signed', 'sent', 'transmission-failed', 'denied', 'expired', 'cancelled'];
const ORIGINS = ['nurse', 'resident', 'physician', 'pharmacy', 'patient'];
const UNITS = ['mg', 'mcg', 'g', 'mL', 'tablet', 'capsule'];

/**
 * Prescription approval: the clinical data screening needs (allergies, active medications), the
 * tenant's pharmacy directory and each patient's preferred pharmacy, the requests themselves, their
 * append-only decision/transmission history, signatures (with the digest of the signed content),
 * transmissions to pharmacies, and notices to requesters. Everything is tenant-scoped under RLS.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table pharmacies (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      name text not null,
      ncpdp_id text check (ncpdp_id ~ '^[0-9]{7}$'),
      npi text,
      phone text,
      address_line text,
      city text,
      state text,
      postal_code text,
      transport text not null check (transport in ('fhir','dev')),
      fhir_endpoint_url text,
      api_key_id uuid unique references api_keys(id),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint pharmacies_ncpdp unique (tenant_id, ncpdp_id),
      constraint pharmacies_fhir_endpoint check (transport <> 'fhir' or fhir_endpoint_url is not null)
    )`);

  await knex.raw(`
    create table patient_allergies (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      patient_id uuid not null references patients(id),
      substance text not null,
      reaction text,
      severity text check (severity in ('mild','moderate','severe')),
      status text not null default 'active' check (status in ('active','inactive','entered-in-error')),
      recorded_by text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  await knex.raw('create index patient_allergies_patient on patient_allergies (tenant_id, patient_id)');

  await knex.raw(`
    create table patient_pharmacies (
      patient_id uuid primary key references patients(id),
      tenant_id uuid not null references tenants(id) on delete restrict,
      pharmacy_id uuid not null references pharmacies(id),
      updated_at timestamptz not null default now()
    )`);

  await knex.raw(`
    create table prescription_settings (
      tenant_id uuid primary key references tenants(id) on delete restrict,
      protocol_enabled boolean not null default false,
      protocol_rxcuis text[] not null default '{}',
      protocol_department_id uuid references departments(id),
      remind_after_seconds integer check (remind_after_seconds > 0),
      escalate_after_seconds integer check (escalate_after_seconds > 0),
      new_request_expiry_seconds integer check (new_request_expiry_seconds > 0),
      refill_expiry_seconds integer check (refill_expiry_seconds > 0),
      updated_at timestamptz not null default now()
    )`);

  await knex.raw(`
    create table prescriptions (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      workflow_id text not null,
      patient_id uuid not null references patients(id),
      kind text not null check (kind in ('new','refill')),
      origin text not null check (origin in (${list(ORIGINS)})),
      requested_by_type text not null check (requested_by_type in ('user','service')),
      requested_by_id text not null,
      requested_by_role text not null,
      refill_of_prescription_id uuid references prescriptions(id),
      requesting_pharmacy_id uuid references pharmacies(id),
      prescriber_id uuid not null references practitioners(id),
      signer_user_id uuid references users(id),
      rxcui text not null,
      medication_display text not null,
      dea_schedule text check (dea_schedule in ('II','III','IV','V')),
      strength_value double precision check (strength_value > 0),
      strength_unit text check (strength_unit in (${list(UNITS)})),
      dose_value double precision check (dose_value > 0),
      dose_unit text check (dose_unit in (${list(UNITS)})),
      route text,
      frequency integer check (frequency > 0),
      period double precision check (period > 0),
      period_unit text check (period_unit in ('h','d','wk')),
      as_needed boolean,
      sig text not null,
      quantity_value double precision not null check (quantity_value > 0),
      quantity_unit text not null check (quantity_unit in (${list(UNITS)})),
      refills integer not null check (refills between 0 and 99),
      days_supply integer not null check (days_supply between 1 and 365),
      indication text,
      substitution_allowed boolean not null default true,
      note_to_pharmacist text,
      pharmacy_id uuid references pharmacies(id),
      status text not null default 'screening' check (status in (${list(STATUSES)})),
      routing jsonb,
      findings jsonb not null default '[]',
      kb_version text,
      overrides jsonb not null default '[]',
      decision text check (decision in ('approved','denied','expired','cancelled')),
      decision_reason text,
      decided_at timestamptz,
      authored_on timestamptz,
      sent_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  await knex.raw('create index prescriptions_patient on prescriptions (tenant_id, patient_id, created_at)');
  await knex.raw('create index prescriptions_status on prescriptions (tenant_id, status, created_at)');
  await knex.raw('create index prescriptions_signer on prescriptions (tenant_id, signer_user_id, created_at)');
  await knex.raw('create index prescriptions_requester on prescriptions (tenant_id, requested_by_id, created_at)');

  await knex.raw(`
    create table patient_medications (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      patient_id uuid not null references patients(id),
      rxcui text not null,
      display text,
      status text not null default 'active' check (status in ('active','stopped','entered-in-error')),
      source text not null default 'reported' check (source in ('reported','prescription')),
      prescription_id uuid unique references prescriptions(id),
      started_on date,
      stopped_on date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
  await knex.raw('create index patient_medications_patient on patient_medications (tenant_id, patient_id, status)');

  // Append-only history: one row per step, keyed so that a retried activity records it once.
  await knex.raw(`
    create table prescription_events (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      prescription_id uuid not null references prescriptions(id),
      event_key text not null,
      kind text not null,
      at timestamptz not null default clock_timestamp(),
      actor_type text not null,
      actor_id text,
      details jsonb not null default '{}',
      constraint prescription_events_key unique (prescription_id, event_key)
    )`);
  await knex.raw('create index prescription_events_prescription on prescription_events (tenant_id, prescription_id, id)');

  await knex.raw(`
    create table prescription_signatures (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      prescription_id uuid not null unique references prescriptions(id),
      method text not null check (method in ('epcs-two-factor','prescriber','protocol')),
      signer_user_id uuid not null references users(id),
      prescriber_id uuid not null references practitioners(id),
      dea_schedule text,
      assertion_id text unique,
      content jsonb not null,
      content_digest text not null check (content_digest ~ '^[0-9a-f]{64}$'),
      signed_at timestamptz not null default clock_timestamp()
    )`);

  await knex.raw(`
    create table prescription_transmissions (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      prescription_id uuid not null references prescriptions(id),
      round integer not null check (round > 0),
      pharmacy_id uuid not null references pharmacies(id),
      transport text not null,
      status text not null default 'sending' check (status in ('sending','sent','failed')),
      attempts integer not null default 0,
      pharmacy_reference text,
      error_kind text check (error_kind in ('permanent','transient')),
      error_code text,
      error_detail text,
      started_at timestamptz not null default now(),
      completed_at timestamptz,
      constraint prescription_transmissions_round unique (prescription_id, round)
    )`);

  await knex.raw(`
    create table prescription_notices (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      prescription_id uuid not null references prescriptions(id),
      recipient_type text not null check (recipient_type in ('user','patient','service')),
      recipient_id text not null,
      kind text not null check (kind in ('denied','expired','cancelled')),
      reason text,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      constraint prescription_notices_once unique (prescription_id, kind, recipient_type, recipient_id)
    )`);
  await knex.raw('create index prescription_notices_recipient on prescription_notices (tenant_id, recipient_type, recipient_id, created_at)');

  await protectTenantTable(knex, 'pharmacies', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'patient_allergies', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'patient_pharmacies', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  await protectTenantTable(knex, 'prescription_settings', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'prescriptions', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'patient_medications', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'prescription_events', ['SELECT', 'INSERT']);
  await protectTenantTable(knex, 'prescription_signatures', ['SELECT', 'INSERT']);
  await protectTenantTable(knex, 'prescription_transmissions', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'prescription_notices', ['SELECT', 'INSERT', 'UPDATE']);
  await knex.raw(`grant usage on sequence prescription_events_id_seq to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'prescription_notices',
    'prescription_transmissions',
    'prescription_signatures',
    'prescription_events',
    'patient_medications',
    'prescriptions',
    'prescription_settings',
    'patient_pharmacies',
    'patient_allergies',
    'pharmacies',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
