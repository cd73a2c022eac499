import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOwnerKnex, ensureDatabase } from '../../src/db/knex.js';
import { migrateLatest } from '../../src/db/migrator.js';
import { startEmbeddedPostgres } from '../../src/devstack/embedded-postgres.js';
import { provisionTemporalCli } from '../../src/devstack/temporal-cli.js';
import { freePort, startTemporalDevServer } from '../../src/devstack/temporal-dev-server.js';
import { buildWorkflowBundle } from '../../src/worker/workflow-bundle.js';
import { TEST_ACTIVE_KEY_ID, TEST_JWT_SIGNING_KEY, TEST_PAYLOAD_KEYS } from '../support/keys.js';
import { type TestServices, setServices } from '../support/services.js';

const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);

/**
 * Starts the real services the integration tests need, once per run:
 * - PostgreSQL: a fresh database on DATABASE_URL's server, or an embedded server when unset;
 * - the Temporal CLI dev server (in memory, headless) on free ports, building the CLI if needed;
 * - the workflow bundle, built once and shared by every test worker.
 * Settings reach the test files through environment variables.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'smartclinix-test-'));
  chmodSync(scratch, 0o755);
  const services: TestServices = { scratch };

  const [db, temporal, bundle] = await Promise.all([
    (async () => {
      let serverUrl = process.env.DATABASE_URL;
      if (!serverUrl) {
        const pg = await startEmbeddedPostgres(join(scratch, 'pg'), await freePort());
        services.stopEmbeddedPostgres = pg.stop;
        serverUrl = pg.url;
        log('started an embedded PostgreSQL (DATABASE_URL is not set)');
      }
      const url = new URL(serverUrl);
      url.pathname = `/smartclinix_test_${process.pid}_${randomBytes(3).toString('hex')}`;
      await ensureDatabase(url.toString());
      const owner = createOwnerKnex(url.toString());
      try {
        await migrateLatest(owner);
      } finally {
        await owner.destroy();
      }
      return url.toString();
    })(),
    (async () => {
      const cli = await provisionTemporalCli(log);
      const server = await startTemporalDevServer({ cliPath: cli.path, headless: true });
      services.stopTemporal = server.stop;
      log(`Temporal dev server at ${server.address} (CLI from ${cli.source})`);
      return server.address;
    })(),
    (async () => {
      const { code } = await buildWorkflowBundle();
      const path = join(scratch, 'workflow-bundle.js');
      writeFileSync(path, code);
      return path;
    })(),
  ]);

  services.databaseUrl = db;
  setServices(services);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    DATA_DIR: scratch,
    DATABASE_URL: db,
    TEMPORAL_ADDRESS: temporal,
    WORKFLOW_BUNDLE_PATH: bundle,
    PAYLOAD_KEYS: JSON.stringify(TEST_PAYLOAD_KEYS),
    PAYLOAD_ACTIVE_KEY_ID: TEST_ACTIVE_KEY_ID,
    JWT_SIGNING_KEY: TEST_JWT_SIGNING_KEY,
  });
  log(`services ready in ${Date.now() - started} ms`);
}
