import { loadConfig } from '../src/config/load.js';
import { createOwnerKnex } from '../src/db/knex.js';
import { totpCode } from '../src/auth/totp.js';
import { describeDemoLabIntegration, ensureDemoLabIntegration } from '../src/lab-results/integrations/demo-integration.js';
import { DEMO_TENANTS } from '../src/registry/demo/demo-tenants.js';
import { type DemoSeedResult, seedDemo } from '../src/registry/demo/seed-demo.js';

export { seedDemo };

/** Prints the demo logins: every role per tenant, TOTP secrets where MFA is required, the lab API key. */
export function printDemoLogins(result: DemoSeedResult): void {
  console.log(`\nDemo logins (password: ${result.password}; set DEMO_PASSWORD to change it)`);
  for (const tenant of result.tenants) {
    console.log(`\n  ${tenant.name}  (tenant: ${tenant.slug})`);
    for (const login of tenant.logins) {
      const mfa = login.totpSecret ? `  TOTP secret ${login.totpSecret} (code now: ${totpCode(login.totpSecret)})` : '';
      console.log(`    ${login.role.padEnd(10)} ${login.email.padEnd(32)}${mfa}`.trimEnd());
    }
    if (tenant.labApiKey) console.log(`    lab integration API key (X-API-Key): ${tenant.labApiKey}`);
    if (tenant.senderNumber) console.log(`    SMS sender number (Twilio inbound replies resolve this tenant): ${tenant.senderNumber}`);
  }
  console.log('\n  Sign in: POST /api/v1/auth/login {"tenant","email","password","totp"}\n');
}

/** `npm run seed`: demo tenants, users, practitioners, departments and patients (idempotent). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.url) throw new Error('DATABASE_URL is required (owner connection)');
  const db = createOwnerKnex(config.db.url);
  try {
    printDemoLogins(await seedDemo(db, { config }));
    const lab = await ensureDemoLabIntegration(db, DEMO_TENANTS[0]!.slug);
    if (lab) for (const line of describeDemoLabIntegration(lab, { host: config.labResults.mllp.host, port: config.labResults.mllp.port })) console.log(line);
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
