/**
 * `npx tsx bench/messaging.ts [sends]` — time from a send request to the provider's receipt.
 *
 * Each send is the real send use case (ledger intent, claim, consent and timing gates, render, sealed
 * content, "about to call" record, the twilio SDK over HTTP to the wire fake, ledger answer) for a
 * fresh patient, one after another. Measured: request → the fake receiving the create (p50/p95/p99),
 * and request → the use case returning (the ledger has recorded Twilio's answer). Pacing is off for
 * that run; a second, short burst with the production pacing (1 per second per number) shows the
 * queueing a busy number adds. Uses DATABASE_URL's server (a scratch database) or embedded PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessageSender } from '../src/activities/messaging.js';
import { loadConfig } from '../src/config/load.js';
import { createAppKnex, createOwnerKnex, dropDatabase, ensureDatabase } from '../src/db/knex.js';
import { migrateLatest } from '../src/db/migrator.js';
import { withTenant } from '../src/db/tenant-scope.js';
import { startEmbeddedPostgres } from '../src/devstack/embedded-postgres.js';
import { freePort } from '../src/devstack/temporal-dev-server.js';
import { createMessagingDeps } from '../src/messaging/runtime/messaging-deps.js';
import { SmtpCatcher } from '../src/messaging/smtp-catcher.js';
import { ensureTenant } from '../src/registry/provisioning.js';
import { type SendMessageRequest } from '../src/workflows/shared/messaging.js';
import { TwilioFake } from '../test/fakes/twilio-fake.js';

const SENDS = Number(process.argv[2] ?? 300);
const WARM_UP = 20;
const BURST = 5;
/** Noon in Chicago: inside every send window. */
const NOON = new Date('2027-03-10T18:00:00Z');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const f = (v: number) => v.toFixed(1).padStart(7);
  return `${label.padEnd(38)} n=${values.length}  p50 ${f(percentile(sorted, 50))} ms  p95 ${f(percentile(sorted, 95))} ms  p99 ${f(percentile(sorted, 99))} ms  mean ${f(mean)} ms`;
}

async function database(scratch: string): Promise<{ url: string; stop: () => Promise<void> }> {
  let server = process.env.DATABASE_URL;
  let stopServer = () => Promise.resolve();
  if (!server) {
    const pg = await startEmbeddedPostgres(join(scratch, 'pg'), await freePort());
    server = pg.url;
    stopServer = () => pg.stop();
  }
  const url = new URL(server);
  url.pathname = `/smartclinix_bench_${process.pid}`;
  await ensureDatabase(url.toString());
  return {
    url: url.toString(),
    stop: async () => {
      await dropDatabase(url.toString());
      await stopServer();
    },
  };
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'smartclinix-bench-'));
  const db = await database(scratch);
  const [twilio, smtp] = await Promise.all([TwilioFake.start(), SmtpCatcher.start()]);
  const owner = createOwnerKnex(db.url);
  const app = createAppKnex(db.url, 10);
  try {
    await migrateLatest(owner);
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      DATA_DIR: scratch,
      DATABASE_URL: db.url,
      PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM_NUMBER: '+15005550006',
      TWILIO_API_BASE_URL: twilio.baseUrl,
      SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
    });
    const tenant = await ensureTenant(owner, { slug: `bench-${randomUUID().slice(0, 8)}`, name: 'Bench Clinic', timezone: 'America/Chicago' });
    const patientIds = await withTenant(app, tenant.id, async (trx) => {
      const rows = Array.from({ length: WARM_UP + SENDS + BURST }, (_, i) => ({
        tenant_id: tenant.id,
        mrn: `B-${i}`,
        given_name: 'Bench',
        family_name: `Patient ${i}`,
        birth_date: '1980-01-01',
        mobile_e164: `+1312555${String(i).padStart(4, '0')}`,
        sms_consent: 'granted',
        timezone: 'America/Chicago',
      }));
      return (await trx('patients').insert(rows).returning<{ id: string }[]>('id')).map((r) => r.id);
    });
    const request = (patientId: string): SendMessageRequest => ({
      tenantId: tenant.id,
      idempotencyKey: `bench:${patientId}`,
      recipient: { type: 'patient', patientId },
      template: 'referral.accepted',
      channel: 'sms',
      purpose: 'patient-notice',
    });
    const creates = () => twilio.requests.filter((r) => r.method === 'POST');

    // Unpaced: the pipeline's own cost.
    const unpaced = await createMessagingDeps(config, app, { smsMinIntervalMs: 0, clock: () => NOON });
    const send = createMessageSender(unpaced.activityDeps);
    for (const id of patientIds.slice(0, WARM_UP)) await send(request(id)); // pool, SDK, JIT
    const toReceipt: number[] = [];
    const toLedger: number[] = [];
    for (const id of patientIds.slice(WARM_UP, WARM_UP + SENDS)) {
      const before = creates().length;
      const started = performance.now();
      await send(request(id));
      toLedger.push(performance.now() - started);
      toReceipt.push(creates()[before]!.receivedAt - started);
    }
    await unpaced.close();

    // Paced as in production: a burst to one number waits for its turns.
    const paced = await createMessagingDeps(config, app, { clock: () => NOON });
    const sendPaced = createMessageSender(paced.activityDeps);
    const burstStart = performance.now();
    const firstCreate = creates().length;
    await Promise.all(patientIds.slice(WARM_UP + SENDS).map((id) => sendPaced(request(id))));
    const burst = creates().slice(firstCreate).map((r) => r.receivedAt - burstStart);
    await paced.close();

    const sent = await withTenant(app, tenant.id, (trx) => trx('message_deliveries').where({ status: 'sent' }).count<{ count: string }[]>('* as count'));
    console.log(`messaging bench: ${toReceipt.length} measured sends (+${WARM_UP} warm-up), ${sent[0]!.count} ledger rows sent, ${twilio.messages.length} messages at the fake`);
    console.log(summary('request → Twilio fake receipt', toReceipt));
    console.log(summary('request → ledger records the answer', toLedger));
    console.log(`burst of ${BURST} to one number, paced 1/s: receipts at ${burst.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`);
  } finally {
    await app.destroy();
    await owner.destroy();
    await Promise.all([twilio.close(), smtp.close()]);
    await db.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
