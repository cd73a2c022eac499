import { type Knex } from 'knex';
import { APP_ROLE } from '../src/db/app-role.js';
import { protectTenantTable } from '../src/db/rls.js';

const STAFF_ROLES = ['admin', 'scheduler', 'physician', 'nurse', 'pharmacist'];
const CATEGORIES = ['sign-off', 'preparation', 'nursing', 'pharmacy', 'scheduling', 'administrative'];
const PRIORITIES = ['routine', 'urgent', 'stat'];
const STATUSES = ['open', 'claimed', 'completed', 'cancelled', 'expired'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(',');

/** Inbox queries read only live tasks; these partial indexes stay small as completed tasks pile up. */
const ACTIVE = "status in ('open','claimed')";

/**
 * The clinical task inbox. Tasks are written only by their workflow (activities), which keeps the
 * row's `version` in step with the workflow's own state; `task_history` and `task_escalations`
 * are append-only for the app role. Clinical free text (title, instructions, form) lives apart in
 * `task_details`, so operational readers never load it.
 */
export async function up(knex: Knex): Promise<void> {
  // A pool is a department (or the whole tenant when null) plus the role that may act on its tasks.
  await knex.raw(`
    create table task_pools (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete restrict,
      department_id uuid references departments(id) on delete restrict,
      role text not null check (role in (${list(STAFF_ROLES)})),
      created_at timestamptz not null default now(),
      constraint task_pools_unique unique nulls not distinct (tenant_id, department_id, role)
    )`);

  await knex.raw(`
    create table tasks (
      id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      workflow_id text not null,
      step text not null,
      type text not null,
      category text not null check (category in (${list(CATEGORIES)})),
      subject_type text not null,
      subject_id uuid not null,
      patient_id uuid references patients(id),
      priority text not null check (priority in (${list(PRIORITIES)})),
      priority_rank smallint not null generated always as (case priority when 'stat' then 0 when 'urgent' then 1 else 2 end) stored,
      status text not null default 'open' check (status in (${list(STATUSES)})),
      owner_user_id uuid references users(id),
      pool_id uuid references task_pools(id),
      claimed_by_user_id uuid references users(id),
      assignee_user_id uuid generated always as (coalesce(claimed_by_user_id, owner_user_id)) stored,
      due_at timestamptz not null,
      on_hold_since timestamptz,
      decision_options text[],
      outcome text,
      outcome_note text,
      outcome_payload jsonb,
      completed_by_user_id uuid references users(id),
      completed_at timestamptz,
      closed_reason text,
      reminded_at timestamptz,
      escalation_level smallint not null default 0,
      created_by text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint tasks_one_owner check (num_nonnulls(owner_user_id, pool_id) = 1),
      constraint tasks_claimed_state check ((status = 'claimed') = (claimed_by_user_id is not null)),
      constraint tasks_workflow_step unique (tenant_id, workflow_id, step)
    )`);
  await knex.raw(`create index tasks_active_assignee on tasks (tenant_id, assignee_user_id, priority_rank, due_at, id) where ${ACTIVE}`);
  await knex.raw(`create index tasks_active_pool on tasks (tenant_id, pool_id, priority_rank, due_at, id) where ${ACTIVE}`);
  await knex.raw(`create index tasks_active_tenant on tasks (tenant_id, priority_rank, due_at, id) where ${ACTIVE}`);
  await knex.raw(`create index tasks_active_patient on tasks (tenant_id, patient_id, priority_rank, due_at, id) where ${ACTIVE}`);
  await knex.raw(`create index tasks_active_owner on tasks (tenant_id, owner_user_id) where ${ACTIVE}`);
  await knex.raw('create index tasks_assignee_status on tasks (tenant_id, assignee_user_id, status, due_at)');
  await knex.raw("create index tasks_completed on tasks (tenant_id, completed_at) where status = 'completed'");
  await knex.raw('create index tasks_subject on tasks (tenant_id, subject_type, subject_id)');

  await knex.raw(`
    create table task_details (
      task_id uuid primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      title text not null,
      instructions text,
      form jsonb,
      created_at timestamptz not null default now()
    )`);

  await knex.raw(`
    create table task_history (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      task_id uuid not null references tasks(id) on delete cascade,
      event_key text not null,
      action text not null,
      at timestamptz not null default clock_timestamp(),
      actor_type text not null,
      actor_id text,
      version integer not null,
      from_status text,
      to_status text,
      from_owner_user_id uuid,
      to_owner_user_id uuid,
      from_pool_id uuid,
      to_pool_id uuid,
      from_claimed_by_user_id uuid,
      to_claimed_by_user_id uuid,
      from_due_at timestamptz,
      to_due_at timestamptz,
      reason text,
      details jsonb not null default '{}',
      constraint task_history_event unique (task_id, event_key)
    )`);
  await knex.raw('create index task_history_task on task_history (tenant_id, task_id, id)');

  // The primary key is the stable escalation ID `<taskId>:L<level>`: a level escalates at most once.
  await knex.raw(`
    create table task_escalations (
      id text primary key,
      tenant_id uuid not null references tenants(id) on delete restrict,
      task_id uuid not null references tasks(id) on delete cascade,
      level smallint not null check (level > 0),
      target_kind text,
      from_owner_user_id uuid,
      from_pool_id uuid,
      to_user_id uuid,
      to_pool_id uuid,
      escalated_at timestamptz not null default clock_timestamp(),
      constraint task_escalations_level unique (task_id, level)
    )`);
  await knex.raw('create index task_escalations_period on task_escalations (tenant_id, escalated_at)');

  await protectTenantTable(knex, 'task_pools', ['SELECT', 'INSERT']);
  await protectTenantTable(knex, 'tasks', ['SELECT', 'INSERT', 'UPDATE']);
  await protectTenantTable(knex, 'task_details', ['SELECT', 'INSERT', 'DELETE']);
  await protectTenantTable(knex, 'task_history', ['SELECT', 'INSERT']);
  await protectTenantTable(knex, 'task_escalations', ['SELECT', 'INSERT']);
  await knex.raw(`grant usage on sequence task_history_id_seq to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['task_escalations', 'task_history', 'task_details', 'tasks', 'task_pools']) {
    await knex.schema.dropTableIfExists(table);
  }
}
