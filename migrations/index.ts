import { type Knex } from 'knex';
import * as platformBaseline from './20261126000100_platform_baseline.js';
import * as identity from './20261126000200_identity.js';
import * as authHardening from './20261126000300_auth_hardening.js';

/**
 * Every migration, in order. Add new ones at the end; names are timestamped and never change.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261126000100_platform_baseline': platformBaseline,
  '20261126000200_identity': identity,
  '20261126000300_auth_hardening': authHardening,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(migrations)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`Unknown migration ${name}`);
    return Promise.resolve(migration);
  },
};
