/**
 * The numbers Twilio delivers inbound texts to, each owned by one tenant: an inbound webhook knows only
 * the receiving number, which is how a reply is scoped to its tenant before any patient is looked up.
 * Numbers are assigned by operators (owner connection); the app role may only read its own tenant's,
 * and finds a number's tenant through a SECURITY DEFINER lookup that returns the tenant ID only.
 */
import { type Knex } from 'knex';
import { withTenant } from '../../db/tenant-scope.js';
import { insertedRows } from '../../db/models/inserted-rows.js';
import { SenderNumber } from './sender-number-model.js';

export async function tenantOfNumber(db: Knex, e164: string): Promise<string | undefined> {
  const { rows } = await db.raw<{ rows: { tenant_id: string | null }[] }>('select messaging_tenant_of_number(?) as tenant_id', [e164]);
  return rows[0]?.tenant_id ?? undefined;
}

export async function senderNumbersOf(db: Knex, tenantId: string): Promise<string[]> {
  return withTenant(db, tenantId, async (trx) => {
    const numbers = await SenderNumber.query(trx).select('e164').orderBy('created_at');
    return numbers.map((n) => n.e164);
  });
}

/**
 * Assigns `e164` to the tenant (owner connection: migrations, seeds, tests). The demo seed calls this
 * once per demo tenant, e.g. `seedSenderNumber(owner, tenant.id, demoSenderNumber(i))`. A number
 * already assigned to another tenant is left alone and reported.
 */
export async function seedSenderNumber(ownerDb: Knex, tenantId: string, e164: string): Promise<'assigned' | 'already-assigned' | 'taken'> {
  // Under the tenant's scope: row-level security is forced on the owner too.
  const inserted = await withTenant(ownerDb, tenantId, (trx) => insertedRows(SenderNumber.query(trx).insert({ e164, tenantId }).onConflict('e164').ignore().returning('e164')));
  if (inserted.length > 0) return 'assigned';
  return (await tenantOfNumber(ownerDb, e164)) === tenantId ? 'already-assigned' : 'taken';
}

/** Demo numbers from the 555-0100..0199 block, which is reserved for fiction: +1 201 555 01xx. */
export function demoSenderNumber(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 99) throw new RangeError('demo sender index must be 0-99');
  return `+120155501${String(index).padStart(2, '0')}`;
}
