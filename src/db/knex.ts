import knex, { type Knex } from 'knex';
import { APP_ROLE } from './app-role.js';

interface PgConnection {
  query(sql: string, cb: (err: Error | null) => void): void;
}

/** Owner connection: migrations, test database setup and the audit-chain verifier only. */
export function createOwnerKnex(url: string, poolMax = 2): Knex {
  return knex({ client: 'pg', connection: url, pool: { min: 0, max: poolMax } });
}

/**
 * The connection pool the API and worker use. Every pooled connection switches to the app role,
 * so row-level security is in force for every query, whatever the login user is.
 */
export function createAppKnex(url: string, poolMax: number): Knex {
  return knex({
    client: 'pg',
    connection: url,
    pool: {
      min: 0,
      max: poolMax,
      afterCreate: (conn: PgConnection, done: (err: Error | null, conn: PgConnection) => void) => {
        conn.query(`SET ROLE ${APP_ROLE}`, (err) => done(err, conn));
      },
    },
  });
}

/** Creates the database named in `url` when it does not exist (dev and test convenience). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const db = createOwnerKnex(admin.toString(), 1);
  try {
    const found = await db.raw<{ rowCount: number }>('select 1 from pg_database where datname = ?', [name]);
    if (found.rowCount === 0) await db.raw('create database ??', [name]);
  } finally {
    await db.destroy();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const db = createOwnerKnex(admin.toString(), 1);
  try {
    await db.raw('drop database if exists ?? with (force)', [name]);
  } finally {
    await db.destroy();
  }
}
