import { type Knex } from 'knex';
import { fn, raw } from 'objection';
import { Tenant } from './tenant-model.js';

/** A tenant's settings document (`tenants.settings`), for a feature to read its own group from. */
export async function readTenantSettings(trx: Knex.Transaction, tenantId: string): Promise<unknown> {
  return (await Tenant.query(trx).select('settings').findById(tenantId))?.settings;
}

/**
 * Replaces one feature's group of `tenants.settings` (e.g. `appointments`, `referrals`) in the
 * database with jsonb_set, not read-modify-write here, so a concurrent change to another group is
 * never lost.
 */
export async function replaceTenantSettingsGroup(trx: Knex.Transaction, tenantId: string, group: string, value: unknown): Promise<void> {
  await Tenant.query(trx)
    .patch({ settings: raw("jsonb_set(coalesce(settings, '{}'::jsonb), array[?]::text[], ?::jsonb)", [group, JSON.stringify(value)]), updatedAt: fn.now() })
    .where('id', tenantId);
}
