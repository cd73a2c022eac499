import { type Knex } from 'knex';
import { validationFailed } from '../../errors/app-error.js';

/**
 * Foreign keys are checked by PostgreSQL without row-level security, so an ID from another tenant
 * would satisfy them. Every reference a client supplies is looked up here first, inside the
 * tenant-scoped transaction, and refused (422) when this tenant has no such row.
 */
export async function requireReferences(trx: Knex.Transaction, refs: { table: string; id: string | null | undefined; pointer: string }[]): Promise<void> {
  const problems: { pointer: string; detail: string }[] = [];
  for (const ref of refs) {
    if (!ref.id) continue;
    const found = await trx(ref.table).where({ id: ref.id }).first<{ id: string } | undefined>('id');
    if (!found) problems.push({ pointer: ref.pointer, detail: 'refers to a record that does not exist' });
  }
  if (problems.length > 0) throw validationFailed(problems, 'The request refers to records that do not exist.');
}
