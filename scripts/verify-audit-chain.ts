import { parseArgs } from 'node:util';
import { verifyAuditChain } from '../src/audit/verify-chain.js';
import { loadConfig } from '../src/config/load.js';
import { createOwnerKnex } from '../src/db/knex.js';

/**
 * Recomputes every tenant's audit hash chain (or one: `--tenant <slug|id>`) and reports the first
 * broken link per tenant. Exit code 0 when every chain is intact, 1 when one is broken, 2 on error.
 * Runs with the owner connection (DATABASE_URL). It cannot see events removed from the end of a
 * chain; compare the reported count with an externally kept head for that.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { tenant: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const config = loadConfig();
  if (!config.db.url) throw new Error('DATABASE_URL is required (owner connection)');
  const db = createOwnerKnex(config.db.url);
  try {
    const reports = await verifyAuditChain(db, values.tenant ? { tenant: values.tenant } : {});
    if (values.tenant && reports.length === 0) throw new Error(`no tenant ${values.tenant}`);
    if (values.json) console.log(JSON.stringify(reports, null, 2));
    else {
      for (const r of reports) {
        console.log(
          r.firstBreak
            ? `BROKEN  ${r.tenantSlug}: ${r.checked} events verified, then seq ${r.firstBreak.seq} (id ${r.firstBreak.id}): ${r.firstBreak.problem}`
            : `ok      ${r.tenantSlug}: ${r.checked} events verified`,
        );
      }
    }
    process.exitCode = reports.some((r) => r.firstBreak) ? 1 : 0;
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
