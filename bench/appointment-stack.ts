/**
 * The real stack for the appointment benchmarks, started the way the integration tests start it:
 * a scratch PostgreSQL database (DATABASE_URL's server, or embedded), a Temporal CLI dev server, the
 * prebuilt workflow bundle, the API in-process on port 0 with the Twilio and SMTP wire fakes, and a
 * worker whose status (cached workflows) the benchmark can read.
 */
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities/index.js';
import { createLogger } from '../src/logging/logger.js';
import { createMessagingDeps } from '../src/messaging/runtime/messaging-deps.js';
import { initTracing } from '../src/observability/tracing.js';
import { createWorker } from '../src/worker/create-worker.js';
import { pinoTemporalLogger } from '../src/worker/temporal-logger.js';
import { type Clinic, type ClinicOptions, createClinic } from '../test/appointments/support.js';
import startServices from '../test/services/start.js';
import stopServices from '../test/services/stop.js';
import { startTestStack, type TestStack } from '../test/support/stack.js';

export interface BenchStack {
  stack: TestStack;
  clinic: Clinic;
  worker: Worker;
  close(): Promise<void>;
}

export const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export function summary(label: string, values: readonly number[], unit = 'ms'): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const f = (v: number) => v.toFixed(1).padStart(8);
  return `${label.padEnd(34)} n=${values.length}  p50 ${f(percentile(sorted, 50))} ${unit}  p95 ${f(percentile(sorted, 95))} ${unit}  p99 ${f(percentile(sorted, 99))} ${unit}  max ${f(sorted[sorted.length - 1]!)} ${unit}  mean ${f(mean)} ${unit}`;
}

export async function startBenchStack(clinicOptions: ClinicOptions = {}): Promise<BenchStack> {
  process.env.TEMPORAL_TASK_QUEUE = `bench-${process.pid}`;
  process.env.LOG_LEVEL ??= 'silent';
  await startServices();
  Runtime.install({ logger: pinoTemporalLogger(createLogger({ level: 'silent', name: 'bench-worker' }), 'ERROR') });
  const stack = await startTestStack();
  const messaging = await createMessagingDeps(stack.config, stack.db, { smsMinIntervalMs: 0 });
  const connection = await NativeConnection.connect({ address: stack.config.temporal.address });
  const worker = await createWorker({
    config: stack.config,
    tracing: initTracing({ serviceName: 'smartclinix-bench' }),
    connection,
    activities: createActivities(messaging.activityDeps),
    workflowBundle: { codePath: stack.config.temporal.workflowBundlePath! },
  });
  const running = worker.run();
  const clinic = await createClinic(stack, clinicOptions);
  return {
    stack,
    clinic,
    worker,
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await messaging.close();
      await stack.close();
      await stopServices();
    },
  };
}
