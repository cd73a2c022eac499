import { loadConfig } from '../src/config/load.js';
import { createOwnerKnex, ensureDatabase } from '../src/db/knex.js';
import { migrateLatest, migrateRollback, migrationStatus } from '../src/db/migrator.js';

/** `npm run migrate` (latest), `npm run migrate:down` (rollback the last batch), `status`. */
async function main(): Promise<void> {
  const command = process.argv[2] ?? 'latest';
  const config = loadConfig();
  if (!config.db.url) throw new Error('DATABASE_URL is required to run migrations (the owner connection)');
  if (config.env !== 'production') await ensureDatabase(config.db.url);
  const db = createOwnerKnex(config.db.url);
  try {
    if (command === 'latest') {
      const applied = await migrateLatest(db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
    } else if (command === 'rollback') {
      const reverted = await migrateRollback(db, process.argv.includes('--all'));
      console.log(reverted.length ? `rolled back: ${reverted.join(', ')}` : 'nothing to roll back');
    } else if (command === 'status') {
      const { completed, pending } = await migrationStatus(db);
      console.log(`completed: ${completed.length}, pending: ${pending.join(', ') || 'none'}`);
    } else {
      throw new Error(`unknown command ${command} (latest | rollback [--all] | status)`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
