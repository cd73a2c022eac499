/**
 * A worker process for the crash test: the test starts it (`node --import tsx`), lets it hand a
 * message to Twilio, and kills it with SIGKILL before it can record Twilio's answer.
 * Configured entirely by environment, like the real worker.
 */
import { loadConfig } from '../../../src/config/load.js';
import { createAppKnex } from '../../../src/db/knex.js';
import { createMessagingDeps } from '../../../src/messaging/runtime/messaging-deps.js';
import { runMessageWorker } from './message-worker.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createAppKnex(config.db.url!, 2);
  const messaging = await createMessagingDeps(config, db, { smsMinIntervalMs: 0, attemptLeaseMs: Number(process.env.MSG_TEST_LEASE_MS ?? 2000) });
  await runMessageWorker(config, {
    bundle: { codePath: process.env.MSG_TEST_BUNDLE_PATH! },
    taskQueue: process.env.MSG_TEST_TASK_QUEUE!,
    deps: messaging.activityDeps,
  });
  process.stdout.write('worker-ready\n');
}

main().catch((error: unknown) => {
  console.error('crash-test worker failed to start', error);
  process.exit(1);
});
