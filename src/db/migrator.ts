import { type Knex } from 'knex';
import { migrationSource } from '../../migrations/index.js';

/**
 * Migrations are listed explicitly (migrations/index.ts), so the same code runs under tsx, jest
 * and the compiled build without a loader guessing file extensions.
 */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

export async function migrateRollback(db: Knex, all = false): Promise<string[]> {
  const [, reverted] = (await db.migrate.rollback({ migrationSource }, all)) as [number, string[]];
  return reverted;
}

export async function migrationStatus(db: Knex): Promise<{ completed: string[]; pending: string[] }> {
  const [completed, pending] = (await db.migrate.list({ migrationSource })) as [{ name: string }[], { file: string }[]];
  return { completed: completed.map((m) => m.name), pending: pending.map((m) => m.file) };
}
