import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { buildAbility, asSubject } from '../ability.js';
import { accessibleWhere } from '../accessible-where.js';
import { type Actor } from '../actor.js';
import { pickPermitted } from '../permitted-fields.js';
import { withTaskScope } from './tasks.js';

// Builds SQL text only; no connection is opened.
const sql = knex({ client: 'pg' });
const tenantId = randomUUID();
const actor = (over: Partial<Actor>): Actor => ({ type: 'user', id: randomUUID(), tenantId, role: 'physician', mfa: true, ...over });
const task = (over: Record<string, unknown>) => asSubject('Task', { id: randomUUID(), tenantId, status: 'open', category: 'sign-off', ...over });
const readWhere = (a: Actor) => sql('tasks as t').select('t.id').where(accessibleWhere(buildAbility(a), 'read', 'Task', { table: 't' })).toSQL().toNative();

describe('task permissions', () => {
  it('When a physician works two pools, then the list query is confined to their own tasks and those pools', () => {
    const physician = actor({});
    const pools = [randomUUID(), randomUUID()];
    const q = readWhere(withTaskScope(physician, { poolIds: pools }));
    expect(q.sql).toContain('"t"."assignee_user_id" = ');
    expect(q.sql).toContain('"t"."owner_user_id" = ');
    expect(q.sql).toContain('"t"."pool_id" in (');
    expect(q.bindings).toEqual(expect.arrayContaining([physician.id, ...pools, tenantId]));
  });

  it('When a user works no pool, then the list query holds their own tasks only', () => {
    const q = readWhere(actor({ role: 'scheduler' }));
    expect(q.sql).not.toContain('pool_id');
  });

  it('When an administrator lists, then only the tenant confines the query', () => {
    const q = readWhere(actor({ role: 'admin' }));
    expect(q.sql).toContain('("t"."tenant_id" = $');
  });

  it('When a patient or a service account lists tasks, then the query matches nothing', () => {
    expect(readWhere(actor({ role: 'patient' })).sql).toContain('false');
    expect(readWhere(actor({ type: 'service', role: 'integration' })).sql).toContain('false');
  });

  it('When a nurse holds a physician sign-off, then she may read and claim it but not complete it; a nursing task she may complete', () => {
    const nurse = actor({ role: 'nurse' });
    const ability = buildAbility(nurse);
    const signOff = task({ ownerUserId: nurse.id, assigneeUserId: nurse.id });
    expect(ability.can('read', signOff)).toBe(true);
    expect(ability.can('claim', signOff)).toBe(true);
    expect(ability.can('complete', signOff)).toBe(false);
    expect(ability.can('complete', task({ ownerUserId: nurse.id, assigneeUserId: nurse.id, category: 'nursing' }))).toBe(true);
  });

  it('When a pharmacist holds a scheduling task, then she may not complete it', () => {
    const pharmacist = actor({ role: 'pharmacist' });
    expect(buildAbility(pharmacist).can('complete', task({ assigneeUserId: pharmacist.id, category: 'scheduling' }))).toBe(false);
  });

  it('When a task is closed, then nobody may claim, reassign or complete it', () => {
    const physician = actor({});
    const ability = buildAbility(physician);
    const closed = task({ assigneeUserId: physician.id, ownerUserId: physician.id, status: 'completed' });
    for (const action of ['claim', 'reassign', 'complete', 'hold'] as const) expect(ability.can(action, closed)).toBe(false);
    expect(ability.can('read', closed)).toBe(true);
  });

  it('When ops read a task, then they get operational fields only and may not act on it', () => {
    const ability = buildAbility(actor({ role: 'ops' }));
    const record = { id: randomUUID(), tenantId, status: 'open', workflowId: 'task-x', patientId: randomUUID(), title: 'secret', outcome: 'approve' };
    expect(Object.keys(pickPermitted(ability, 'read', 'Task', record)).sort()).toEqual(['id', 'status', 'tenantId', 'workflowId']);
    expect(ability.can('complete', task({}))).toBe(false);
    expect(ability.can('read', 'TaskStats')).toBe(true);
  });

  it('When a task belongs to another tenant, then even an administrator may not read it', () => {
    expect(buildAbility(actor({ role: 'admin' })).can('read', task({ tenantId: randomUUID() }))).toBe(false);
  });
});
