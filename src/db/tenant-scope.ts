import { type Knex } from 'knex';
import { TENANT_SETTING } from './app-role.js';

/**
 * Runs `fn` in a transaction scoped to one tenant: the tenant ID goes into a transaction-local
 * setting that every row-level-security policy reads, so a query cannot see another tenant's rows
 * even if a WHERE clause is forgotten. Every request and activity touching tenant data goes through here.
 */
export async function withTenant<T>(db: Knex, tenantId: string, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    await trx.raw('select set_config(?, ?, true)', [TENANT_SETTING, tenantId]);
    return fn(trx);
  });
}
