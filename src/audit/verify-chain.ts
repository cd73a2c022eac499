import { type Knex } from 'knex';
import { withTenant } from '../db/tenant-scope.js';

export type ChainProblem = 'seq-gap' | 'prev-hash-mismatch' | 'hash-mismatch';

export interface ChainBreak {
  id: string;
  seq: number;
  problem: ChainProblem;
}

export interface ChainReport {
  tenantId: string;
  tenantSlug: string;
  checked: number;
  firstBreak?: ChainBreak;
}

const GENESIS = '0'.repeat(64);

interface LinkRow {
  id: string;
  seq: string;
  prev_hash: string;
  hash: string;
  recomputed: string;
}

/**
 * Walks one tenant's trail in sequence order and recomputes every link with the same digest the
 * insert trigger used. An edited row no longer matches its hash; a deleted one leaves a gap in the
 * sequence or a previous-hash mismatch. Stops at the first broken link.
 */
async function verifyTenant(db: Knex, tenant: { id: string; slug: string }, batchSize: number): Promise<ChainReport> {
  return withTenant(db, tenant.id, async (trx) => {
    let expectedSeq = 1;
    let previousHash = GENESIS;
    let checked = 0;
    for (;;) {
      // Filter by tenant explicitly too: a superuser owner bypasses row-level security.
      const rows = await trx('audit_events as e')
        .where('e.tenant_id', tenant.id)
        .andWhere('e.seq', '>=', expectedSeq)
        .orderBy('e.seq')
        .limit(batchSize)
        .select<LinkRow[]>('e.id', 'e.seq', 'e.prev_hash', 'e.hash', trx.raw('audit_event_digest(e) as recomputed'));
      for (const row of rows) {
        const seq = Number(row.seq);
        const link = { id: String(row.id), seq };
        if (seq !== expectedSeq) return { tenantId: tenant.id, tenantSlug: tenant.slug, checked, firstBreak: { ...link, problem: 'seq-gap' } };
        if (row.prev_hash !== previousHash) return { tenantId: tenant.id, tenantSlug: tenant.slug, checked, firstBreak: { ...link, problem: 'prev-hash-mismatch' } };
        if (row.recomputed !== row.hash) return { tenantId: tenant.id, tenantSlug: tenant.slug, checked, firstBreak: { ...link, problem: 'hash-mismatch' } };
        previousHash = row.hash;
        expectedSeq += 1;
        checked += 1;
      }
      if (rows.length < batchSize) return { tenantId: tenant.id, tenantSlug: tenant.slug, checked };
    }
  });
}

/**
 * Verifies the hash chain of every tenant (or one). Run it with the owner connection
 * (`scripts/verify-audit-chain.ts`); each tenant is read under its own row-level-security scope.
 */
export async function verifyAuditChain(db: Knex, options: { tenant?: string; batchSize?: number } = {}): Promise<ChainReport[]> {
  const query = db('tenants').orderBy('slug').select<{ id: string; slug: string }[]>('id', 'slug');
  if (options.tenant) void query.where((w) => w.where('slug', options.tenant!).orWhereRaw('id::text = ?', [options.tenant!]));
  const reports: ChainReport[] = [];
  for (const tenant of await query) reports.push(await verifyTenant(db, tenant, options.batchSize ?? 5000));
  return reports;
}
