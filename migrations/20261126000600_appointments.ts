import { type Knex } from 'knex';
import { protectTenantTable } from '../src/db/rls.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(',');

const STATUSES = ['booked', 'confirmed', 'checked-in', 'completed', 'cancelled', 'no-show'];
/** Statuses that hold the practitioner's time: cancelled and no-show appointments free it. */
const HOLDS_TIME = "status not in ('cancelled','no-show')";
const EXCEPTION_KINDS = ['leave', 'training', 'closure', 'other'];

/**
 * Scheduling: locations, practitioner working hours (per weekday, in the schedule's time zone) and
 * exceptions such as leave, and appointments (the workflow's requests to schedulers are inbox tasks).
 * Double-booking is impossible by construction: an exclusion constraint over the
 * practitioner's time range, for every appointment that still holds its time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table locations (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      name text not null check (length(name) between 1 and 120),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      constraint locations_name_unique unique (tenant_id, name)
    )`);

  await knex.raw(`
    create table practitioner_schedules (
      practitioner_id uuid primary key references practitioners(id) on delete cascade,
      tenant_id uuid not null references tenants(id) on delete restrict,
      timezone text not null,
      slot_interval_minutes smallint not null default 15 check (slot_interval_minutes between 1 and 240),
      updated_at timestamptz not null default now()
    )`);

  // Weekday is ISO (1 = Monday … 7 = Sunday); minutes after local midnight, end exclusive (1440 = 24:00).
  await knex.raw(`
    create table practitioner_working_hours (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      practitioner_id uuid not null references practitioner_schedules(practitioner_id) on delete cascade,
      weekday smallint not null check (weekday between 1 and 7),
      start_minute smallint not null check (start_minute between 0 and 1439),
      end_minute smallint not null check (end_minute between 1 and 1440),
      constraint working_hours_order check (start_minute < end_minute),
      constraint working_hours_no_overlap exclude using gist (
        practitioner_id with =, weekday with =, int4range(start_minute, end_minute) with &&
      )
    )`);
  await knex.raw('create index working_hours_practitioner on practitioner_working_hours (tenant_id, practitioner_id, weekday)');

  await knex.raw(`
    create table practitioner_schedule_exceptions (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      practitioner_id uuid not null references practitioners(id) on delete cascade,
      kind text not null check (kind in (${list(EXCEPTION_KINDS)})),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      created_at timestamptz not null default now(),
      constraint schedule_exception_period check (ends_at > starts_at)
    )`);
  await knex.raw('create index schedule_exceptions_period on practitioner_schedule_exceptions using gist (tenant_id, practitioner_id, tstzrange(starts_at, ends_at))');

  await knex.raw(`
    create table appointments (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      patient_id uuid not null references patients(id),
      practitioner_id uuid not null references practitioners(id),
      location_id uuid references locations(id),
      type text not null check (type ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      status text not null default 'booked' check (status in (${list(STATUSES)})),
      note text check (length(note) <= 2000),
      version integer not null default 1,
      workflow_id text not null,
      confirmed_at timestamptz,
      confirmed_via text,
      checked_in_at timestamptz,
      completed_at timestamptz,
      no_show_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text check (cancel_reason ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
      cancelled_by text check (cancelled_by in ('staff','patient')),
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint appointments_period check (ends_at > starts_at),
      constraint appointments_no_double_booking exclude using gist (
        tenant_id with =, practitioner_id with =, tstzrange(starts_at, ends_at, '[)') with &&
      ) where (${HOLDS_TIME})
    )`);
  await knex.raw('create index appointments_practitioner_time on appointments (tenant_id, practitioner_id, starts_at)');
  await knex.raw('create index appointments_patient_time on appointments (tenant_id, patient_id, starts_at)');

  await protectTenantTable(knex, 'locations', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'practitioner_schedules');
  await protectTenantTable(knex, 'practitioner_working_hours');
  await protectTenantTable(knex, 'practitioner_schedule_exceptions');
  await protectTenantTable(knex, 'appointments', ['SELECT', 'INSERT', 'UPDATE']);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'appointments',
    'practitioner_schedule_exceptions',
    'practitioner_working_hours',
    'practitioner_schedules',
    'locations',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
