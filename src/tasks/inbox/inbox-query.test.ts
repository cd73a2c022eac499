import { randomUUID } from 'node:crypto';
import { createMongoAbility } from '@casl/ability';
import knex, { type Knex } from 'knex';
import { type AppAbility, buildAbility } from '../../authz/ability.js';
import { type Actor } from '../../authz/actor.js';
import { withTaskScope } from '../../authz/rules/tasks.js';
import { type TaskAccess } from '../task-access.js';
import { inboxPageQuery, viewQuery } from './inbox-query.js';

// Builds SQL text only (the model's query compiled to Knex); no connection is opened.
const sql = knex({ client: 'pg' }) as unknown as Knex.Transaction;
const tenantId = randomUUID();
const physician: Actor = { type: 'user', id: randomUUID(), tenantId, role: 'physician', mfa: true };
const pools = [randomUUID(), randomUUID()];
const access = (ability: AppAbility, poolIds = pools): TaskAccess => ({ trx: sql, actor: physician, ability, poolIds });
const scoped = (poolIds = pools) => access(buildAbility(withTaskScope(physician, { poolIds })), poolIds);

describe('inbox view queries', () => {
  it('When a physician reads the pool view, then the condition is their pools in their tenant, which their rules grant outright', () => {
    const q = viewQuery(scoped(), 'pool').select('t.id').toKnexQuery().toSQL().toNative();
    expect(q.sql).toBe('select "t"."id" from "tasks" as "t" where "t"."tenant_id" = $1 and "t"."pool_id" in ($2, $3)');
    expect(q.bindings).toEqual([tenantId, ...pools]);
  });

  it('When rules withdraw something from pool tasks, then the pool view keeps the full permission condition', () => {
    const ability = createMongoAbility<AppAbility>([
      { action: 'read', subject: 'Task', conditions: { tenantId, poolId: { $in: pools } } },
      { action: 'read', subject: 'Task', conditions: { category: 'pharmacy' }, inverted: true },
    ]);
    const q = viewQuery(access(ability), 'pool').select('t.id').toKnexQuery().toSQL().toNative();
    expect(q.sql).toContain('not ("t"."category" = ');
  });

  it('When a user works no pool, then the pool view matches nothing', () => {
    expect(viewQuery(scoped([]), 'pool').select('t.id').toKnexQuery().toSQL().sql).toContain('false');
  });

  it('When the mine view is read, then it is the caller’s tasks within what their rules grant', () => {
    const q = viewQuery(scoped(), 'mine').select('t.id').toKnexQuery().toSQL().toNative();
    expect(q.sql).toContain('"t"."pool_id" in (');
    expect(q.sql).toMatch(/and "t"\."assignee_user_id" = \$\d+$/);
  });

  it('When a page is built, then live statuses are literals (so partial indexes apply) and the order is priority, due, id', () => {
    const q = inboxPageQuery(scoped(), { view: 'mine', statuses: ['open', 'claimed'], limit: 25 }).toSQL().toNative();
    expect(q.sql).toContain(`t.status in ('open','claimed')`);
    expect(q.sql).toContain('order by "t"."priority_rank" asc, "t"."due_at" asc, "t"."id" asc limit $');
  });
});
