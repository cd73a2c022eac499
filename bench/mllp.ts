/**
 * `npx tsx bench/mllp.ts [messages] [connections]` — the HL7 v2 MLLP ingestion path under load.
 *
 * 1. Throughput and ACK latency: `messages` ORU^R01 (default 10,000) over `connections` MLLP
 *    connections (default 1 and 8, one after the other) against the real listener writing to a real
 *    PostgreSQL. Each connection is stop-and-wait, as labs send: the next frame goes once the ACK for
 *    the previous one is in. An ACK is only written after the raw message is committed, so every ACK
 *    counted is a durably stored message; the row count is checked at the end. Processing after the
 *    ACK is off here, so the figures are those of the acknowledgement path alone.
 * 2. Critical result, receipt → first alert attempt: critical potassium results through the full
 *    pipeline (listener → processing → workflow → match → classify → acknowledgement task → alert
 *    activity), timed from the inbox row's `received_at` to the notification's `first_alert_at`
 *    (both PostgreSQL clock), and to the SMS reaching the Twilio wire fake.
 */
import { createLabIngestion } from '../src/lab-results/inbox/ingestion.js';
import { startLabMllpListener } from '../src/lab-results/mllp/listener.js';
import { createAppKnex } from '../src/db/knex.js';
import { createLogger } from '../src/logging/logger.js';
import { buildOru, createLabTenant, labMessaging, POTASSIUM, SODIUM, unique } from '../test/lab-results/support.js';
import { MllpTestClient } from '../test/lab-results/mllp-client.js';
import startServices from '../test/services/start.js';
import stopServices from '../test/services/stop.js';
import { startTestStack } from '../test/support/stack.js';
import { summary } from './appointment-stack.js';

const MESSAGES = Number(process.argv[2] ?? 10_000);
const CONNECTION_COUNTS = process.argv[3] ? [Number(process.argv[3])] : [1, 8];
const CRITICALS = 20;
const logger = createLogger({ level: 'silent', name: 'bench' });

async function sendAll(port: number, messages: string[], connections: number): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = await MllpTestClient.connect(port);
      try {
        for (let i = next++; i < messages.length; i = next++) {
          const sent = performance.now();
          client.send(messages[i]!);
          await client.waitForAcks(client.acks.length + 1, 30_000);
          if (!client.acks[client.acks.length - 1]!.includes('MSA|AA|')) throw new Error(`message ${i} not accepted`);
          latencies.push(performance.now() - sent);
        }
      } finally {
        client.close();
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - started };
}

async function main(): Promise<void> {
  process.env.TEMPORAL_TASK_QUEUE = `bench-${process.pid}`;
  process.env.LOG_LEVEL ??= 'silent';
  await startServices();
  const stack = await startTestStack();
  const messaging = await labMessaging(stack);
  await stack.startWorker(messaging.overrides);
  const lab = await createLabTenant(stack, { criticalAckDeadlineSeconds: 1800 });
  // The listener's own pool, sized like a production process (DB_POOL_MAX default).
  const db = createAppKnex(stack.config.db.url!, stack.config.db.poolMax);
  const mllp = { port: 0, host: '127.0.0.1', tls: undefined, maxFrameBytes: 4 * 1024 * 1024 };
  const ackOnly = await startLabMllpListener({
    ingestion: createLabIngestion({ db, temporal: stack.temporal, taskQueue: stack.config.temporal.taskQueue, logger, processAfterAck: false }),
    mllp,
    logger,
  });
  const fullPipeline = await startLabMllpListener({
    ingestion: createLabIngestion({ db, temporal: stack.temporal, taskQueue: stack.config.temporal.taskQueue, logger }),
    mllp,
    logger,
  });
  try {
    const normal = (controlId: string) =>
      buildOru({
        facility: lab.facility,
        controlId,
        pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`,
        filler: `ACC-${controlId}`,
        providerNpi: lab.orderer.npi,
        obx: [
          { code: SODIUM, value: '139', units: 'mmol/L', range: '136-145', flags: 'N' },
          { code: POTASSIUM, value: '4.2', units: 'mmol/L', range: '3.5-5.1', flags: 'N' },
        ],
      });
    // Warm-up: connection pool, JIT, prepared plans.
    await sendAll(ackOnly.address.port, Array.from({ length: 200 }, () => normal(`W-${unique()}${unique()}`)), 4);

    console.log(`\nMLLP ingestion: ${MESSAGES} ORU^R01 messages (${Buffer.byteLength(normal('X'))} bytes each), ACK after commit, PostgreSQL ${(await db.raw<{ rows: { server_version: string }[] }>('show server_version')).rows[0]!.server_version}`);
    for (const connections of CONNECTION_COUNTS) {
      const batch = `B${connections}-${unique()}`;
      const messages = Array.from({ length: MESSAGES }, (_, i) => normal(`${batch}-${i}`));
      const { latencies, elapsedMs } = await sendAll(ackOnly.address.port, messages, connections);
      const stored = await stack.ownerDb('hl7_inbox')
        .where({ tenant_id: lab.tenant.id })
        .whereLike('message_control_id', `${batch}-%`)
        .count<{ count: string }[]>('* as count');
      console.log(
        `\n  ${connections} connection(s): ${MESSAGES} acknowledged in ${(elapsedMs / 1000).toFixed(2)} s = ${Math.round((MESSAGES / elapsedMs) * 1000)} msg/s; stored rows: ${stored[0]!.count}`,
      );
      console.log(`  ${summary('ACK latency (send → ACK received)', latencies)}`);
    }

    console.log(`\nCritical results through the full pipeline (${CRITICALS}, one at a time):`);
    const toFirstAlert: number[] = [];
    const toSms: number[] = [];
    for (let i = 0; i < CRITICALS; i += 1) {
      const controlId = `K-${unique()}${unique()}`;
      const client = await MllpTestClient.connect(fullPipeline.address.port);
      client.send(
        buildOru({
          facility: lab.facility,
          controlId,
          pid3: `${lab.patient.mrn}^^^${lab.authority}^MR`,
          filler: `ACC-${controlId}`,
          providerNpi: lab.orderer.npi,
          obx: [{ code: POTASSIUM, value: '6.9', units: 'mmol/L', range: '3.5-5.1', flags: 'HH' }],
        }),
      );
      await client.waitForAcks(1);
      client.close();
      const smsBefore = stack.twilio.messages.filter((m) => m.to === lab.orderer.mobile).length;
      const deadline = Date.now() + 30_000;
      let row: { received_at: Date; first_alert_at: Date | null } | undefined;
      while (Date.now() < deadline) {
        row = await stack.ownerDb('lab_critical_notifications as n')
          .join('lab_report_revisions as r', 'r.id', 'n.revision_id')
          .join('hl7_inbox as i', 'i.id', 'r.inbox_id')
          .where('i.message_control_id', controlId)
          .first<{ received_at: Date; first_alert_at: Date | null } | undefined>('i.received_at', 'n.first_alert_at');
        if (row?.first_alert_at && stack.twilio.messages.filter((m) => m.to === lab.orderer.mobile).length > smsBefore) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      if (!row?.first_alert_at) throw new Error(`no alert for critical ${i}`);
      const sms = stack.twilio.messages.filter((m) => m.to === lab.orderer.mobile).at(-1)!;
      toFirstAlert.push(row.first_alert_at.getTime() - row.received_at.getTime());
      toSms.push(sms.dateCreated.getTime() - row.received_at.getTime());
    }
    console.log(`  ${summary('receipt → first alert attempt', toFirstAlert)}`);
    console.log(`  ${summary('receipt → SMS at the Twilio fake', toSms)}`);
  } finally {
    await ackOnly.server.close();
    await fullPipeline.server.close();
    await db.destroy();
    await stack.close();
    await messaging.close();
    await stopServices();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
