import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { createOwnerKnex, ensureDatabase } from '../src/db/knex.js';
import { migrateLatest } from '../src/db/migrator.js';
import { startEmbeddedPostgres } from '../src/devstack/embedded-postgres.js';
import { provisionTemporalCli } from '../src/devstack/temporal-cli.js';
import { startTemporalDevServer } from '../src/devstack/temporal-dev-server.js';
import { SmtpCatcher } from '../src/messaging/smtp-catcher.js';
import { type DemoLabIntegration, describeDemoLabIntegration, ensureDemoLabIntegration } from '../src/lab-results/integrations/demo-integration.js';
import { DEMO_TENANTS } from '../src/registry/demo/demo-tenants.js';

/**
 * `npm run dev`: the whole stack on one machine with demo data.
 * PostgreSQL (embedded under .data/ unless DATABASE_URL is set) → Temporal dev server with UI
 * (SQLite under .data/) → migrations → demo seed → API and worker as child processes.
 * Ctrl-C stops every child; a second run reuses .data/.
 */
const say = (line: string) => console.log(`[dev] ${line}`);
let demoLab: DemoLabIntegration | undefined;
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function main(): Promise<void> {
  const config = loadConfig(); // also creates .data/dev-secrets.json on the first run
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });

  let databaseUrl = config.db.url;
  if (!databaseUrl) {
    const port = Number(process.env.DEV_POSTGRES_PORT ?? 54329);
    const pg = await startEmbeddedPostgres(dataDir, port);
    cleanups.unshift(() => pg.stop());
    databaseUrl = pg.url;
    say(`embedded PostgreSQL on 127.0.0.1:${port} (data in ${join(dataDir, 'postgres')})`);
  }
  await ensureDatabase(databaseUrl);

  const cli = await provisionTemporalCli(say);
  const [host, portText] = config.temporal.address.split(':');
  const temporal = await startTemporalDevServer({
    cliPath: cli.path,
    port: Number(portText ?? 7233),
    uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
    dbFilename: join(dataDir, 'temporal.sqlite'),
    namespace: config.temporal.namespace,
    codecEndpoint: `${config.http.publicBaseUrl}/codec`,
    log: (line) => process.env.TEMPORAL_LOG === '1' && say(line),
  });
  cleanups.unshift(() => temporal.stop());
  say(`Temporal dev server on ${host}:${portText} (CLI from ${cli.source}), history in ${join(dataDir, 'temporal.sqlite')}`);

  const owner = createOwnerKnex(databaseUrl);
  try {
    const applied = await migrateLatest(owner);
    say(applied.length ? `migrations applied: ${applied.length}` : 'migrations up to date');
    await seedDemoData(owner);
    demoLab = await ensureDemoLabIntegration(owner, DEMO_TENANTS[0]!.slug);
  } finally {
    await owner.destroy();
  }

  // Messaging without credentials: the worker records texts with its dev transport (marked delivered),
  // and email goes to this in-memory SMTP catcher. Both show in the dev outbox.
  const mail = config.messaging.smtp ? undefined : await SmtpCatcher.start({ port: Number(process.env.DEV_SMTP_PORT ?? 1025) });
  if (mail) cleanups.unshift(() => mail.close());
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    ...(mail ? { SMTP_URL: `smtp://${mail.host}:${mail.port}` } : {}),
  };
  // Each process serves /metrics on its own port (loopback only in dev).
  for (const [name, entry, processEnv] of [
    ['api', 'src/api/main.ts', { METRICS_PORT: process.env.API_METRICS_PORT ?? '9464' }],
    ['worker', 'src/worker/main.ts', { METRICS_PORT: process.env.WORKER_METRICS_PORT ?? '9465', TEMPORAL_SDK_METRICS_PORT: '9466' }],
    // Lab results over HL7 v2 MLLP: its own process (listener, processing after each ACK, sweeper).
    ['mllp', 'src/lab-results/mllp/main.ts', { MLLP_METRICS_PORT: process.env.MLLP_METRICS_PORT ?? '9467' }],
  ] as const) {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { env: { ...env, ...processEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code, signal) => {
      if (!shuttingDown) {
        say(`${name} exited (${signal ?? code}); stopping the stack`);
        void shutdown(1);
      }
    });
    children.push(child);
  }

  say('ready:');
  say(`  API            ${config.http.publicBaseUrl}`);
  say(`  API docs       ${config.http.publicBaseUrl}/api/docs`);
  say(`  Temporal UI    ${temporal.uiUrl}  (codec endpoint ${config.http.publicBaseUrl}/codec)`);
  say('  Metrics        http://127.0.0.1:9464/metrics (API), :9465 (worker), :9466 (Temporal SDK)');
  say(
    `  Messages       ${config.http.publicBaseUrl}/api/v1/dev/outbox (admin token): ` +
      `${config.messaging.twilio ? 'texts via Twilio' : 'texts recorded, not sent'}, ${mail ? `email caught on smtp://${mail.host}:${mail.port}` : 'email via SMTP_URL'}`,
  );
  say(`  MLLP (HL7 v2)   ${config.labResults.mllp.host}:${config.labResults.mllp.port}${config.labResults.mllp.tls ? ' (TLS)' : ''}, metrics :${process.env.MLLP_METRICS_PORT ?? '9467'}`);
  if (demoLab) describeDemoLabIntegration(demoLab, config.labResults.mllp).forEach((line) => say(line));
  say('Press Ctrl-C to stop everything.');
}

/** Demo tenants, users and patients come from the identity module's seed, when present. */
async function seedDemoData(owner: ReturnType<typeof createOwnerKnex>): Promise<void> {
  const seedModule = resolve(__dirname, 'seed-demo.ts');
  if (!existsSync(seedModule)) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional module, resolved at run time
  const { seedDemo, printDemoLogins } = require(seedModule) as {
    seedDemo: (db: typeof owner) => Promise<unknown>;
    printDemoLogins?: (result: unknown) => void;
  };
  const result = await seedDemo(owner);
  printDemoLogins?.(result);
}

let shuttingDown = false;
async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  say('stopping…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 25_000).unref();
        }),
    ),
  );
  for (const cleanup of cleanups) await cleanup().catch((err: unknown) => say(`cleanup failed: ${String(err)}`));
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (err: unknown) => {
  console.error('[dev] failed:', err instanceof Error ? err.message : err);
  await shutdown(1);
});
