import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Knex } from 'knex';
import { buildAbility } from '../src/authz/ability.js';
import { type Actor } from '../src/authz/actor.js';
import { withTaskScope } from '../src/authz/rules/tasks.js';
import { createAppKnex, createOwnerKnex, dropDatabase, ensureDatabase } from '../src/db/knex.js';
import { migrateLatest } from '../src/db/migrator.js';
import { withTenant } from '../src/db/tenant-scope.js';
import { ACTIVE_STATUSES, inboxPageQuery, type InboxFilters, viewCountQuery } from '../src/tasks/inbox/inbox-query.js';
import { encodeCursor } from '../src/tasks/inbox/cursor.js';
import { poolIdsOf } from '../src/tasks/pools.js';
import { type TaskAccess } from '../src/tasks/task-access.js';
import { seedInbox } from './inbox-seed.js';

/**
 * Inbox benchmark: seeds a million tasks into a scratch database, then times the main inbox
 * queries exactly as the API builds them (permission conditions, row-level security, app role)
 * and prints p50/p95 with each query's EXPLAIN (ANALYZE, BUFFERS) plan.
 *
 *   npx tsx bench/inbox.ts            # DATABASE_URL names the server (default: local postgres)
 *   BENCH_TASKS=200000 BENCH_RUNS=100 npx tsx bench/inbox.ts --keep
 */
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const runs = Number(process.env.BENCH_RUNS ?? 300);
const totalTasks = Number(process.env.BENCH_TASKS ?? 1_000_000);
const keep = process.argv.includes('--keep');
/** Reuse a database seeded by an earlier `--keep` run (skips seeding; never dropped). */
const reuse = process.env.BENCH_DB;
const shape = { tenants: 5, tasksPerTenant: Math.round(totalTasks / 5), departmentsPerTenant: 20, usersPerTenant: 400, patientsPerTenant: 2000 };

type Scenario = { name: string; role: string; build: (access: TaskAccess) => Knex.QueryBuilder };

const page = (view: InboxFilters['view']): InboxFilters => ({ view, statuses: ACTIVE_STATUSES, limit: 25 });
/** A page that starts among routine tasks due tomorrow (a cursor, as a client would send it back). */
const laterPage: InboxFilters = {
  ...page('pool'),
  cursor: encodeCursor({ rank: 2, dueAt: new Date(Date.now() + 86_400_000).toISOString(), id: '00000000-0000-4000-8000-000000000000' }),
};
const SCENARIOS: Scenario[] = [
  { name: 'mine: first page (physician)', role: 'physician', build: (a) => inboxPageQuery(a, page('mine')) },
  { name: 'pool: first page (physician, department pool)', role: 'physician', build: (a) => inboxPageQuery(a, page('pool')) },
  { name: 'pool: first page (scheduler, hot tenant-wide pool)', role: 'scheduler', build: (a) => inboxPageQuery(a, page('pool')) },
  { name: 'pool: a later page by cursor (scheduler, hot pool)', role: 'scheduler', build: (a) => inboxPageQuery(a, laterPage) },
  { name: 'pool: a later page by cursor (physician, department pool)', role: 'physician', build: (a) => inboxPageQuery(a, laterPage) },
  { name: 'all: first page (admin)', role: 'admin', build: (a) => inboxPageQuery(a, page('all')) },
  { name: 'count: mine (physician)', role: 'physician', build: (a) => viewCountQuery(a, 'mine') },
  { name: 'count: pool (physician)', role: 'physician', build: (a) => viewCountQuery(a, 'pool') },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function accessFor(trx: Knex.Transaction, user: { id: string; tenant_id: string; role: string }): Promise<TaskAccess> {
  const actor: Actor = { type: 'user', id: user.id, tenantId: user.tenant_id, role: user.role as Actor['role'], mfa: true };
  const poolIds = await poolIdsOf(trx, user.id, user.role);
  return { trx, actor, ability: buildAbility(withTaskScope(actor, { poolIds })), poolIds };
}

async function main(): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = `/${reuse ?? `smartclinix_bench_${process.pid}`}`;
  const dbUrl = url.toString();
  if (!reuse) await ensureDatabase(dbUrl);
  const owner = createOwnerKnex(dbUrl, 1);
  const app = createAppKnex(dbUrl, 2);
  const results: { name: string; p50: number; p95: number; seqScan: boolean; plan: string }[] = [];
  try {
    const seeded = Date.now();
    if (!reuse) {
      await migrateLatest(owner);
      await seedInbox(owner, shape, (line) => console.log(line));
    }
    const [{ count }] = (await owner.raw<{ rows: { count: string }[] }>('select count(*) from tasks')).rows as [{ count: string }];
    console.log(`${count} tasks seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s\n`);

    const tenant = await owner('tenants').where({ slug: 'bench-1' }).first<{ id: string }>('id');
    for (const scenario of SCENARIOS) {
      const users = await owner('users').where({ tenant_id: tenant.id, role: scenario.role }).orderBy('email').limit(20).select<{ id: string; tenant_id: string; role: string }[]>('id', 'tenant_id', 'role');
      const timings: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const user = users[i % users.length]!;
        await withTenant(app, tenant.id, async (trx) => {
          const access = await accessFor(trx, user);
          const started = performance.now();
          await scenario.build(access);
          timings.push(performance.now() - started);
        });
      }
      const plan = await withTenant(app, tenant.id, async (trx) => {
        const { sql, bindings } = scenario.build(await accessFor(trx, users[0]!)).toSQL();
        const rows = (await trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(`explain (analyze, buffers) ${sql}`, bindings)).rows;
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      timings.sort((a, b) => a - b);
      const result = { name: scenario.name, p50: percentile(timings, 50), p95: percentile(timings, 95), seqScan: /Seq Scan on tasks/.test(plan), plan };
      results.push(result);
      console.log(`== ${result.name}: p50 ${result.p50.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms over ${runs} runs${result.seqScan ? '  !! SEQ SCAN' : ''}`);
      console.log(`${plan}\n`);
    }
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `inbox-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ tasks: Number(count), runs, shape, results }, null, 2));
    console.log(`results written to ${file}`);
    if (results.some((r) => r.seqScan)) process.exitCode = 1;
  } finally {
    await app.destroy();
    await owner.destroy();
    if (keep || reuse) console.log(`database kept: ${url.pathname.slice(1)}`);
    else await dropDatabase(dbUrl);
  }
}

main().catch((err: unknown) => {
  console.error('inbox benchmark failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
