import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../src/devstack/temporal-dev-server.js';
import { startMetricsServer } from '../../src/observability/metrics-server.js';
import { api } from '../support/http.js';
import { createClinic, signOffTask } from '../tasks/task-fixtures.js';
import { operatorToken } from '../support/operator.js';
import { type TestStack, startTestStack } from '../support/stack.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
let stack: TestStack;
let worker: ChildProcess;
let workerMetricsPort: number;
let sdkMetricsPort: number;

async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('timed out');
}

const scrape = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  return res.ok ? res.text() : undefined;
};

/**
 * Label values of every sample line, to check that none identifies a record or a person. The tenant
 * label carries the tenant's ID by design (a clinic, bounded in number); every other label must not.
 */
const labelValues = (text: string) => [...text.matchAll(/(\w+)="([^"]*)"/g)].filter((m) => m[1] !== 'tenant').map((m) => m[2]!);

beforeAll(async () => {
  stack = await startTestStack(); // API in-process; the worker runs as its real process below
  workerMetricsPort = await freePort();
  sdkMetricsPort = await freePort();
  worker = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../src/worker/main.ts')], {
    env: { ...process.env, METRICS_PORT: String(workerMetricsPort), TEMPORAL_SDK_METRICS_PORT: String(sdkMetricsPort), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${workerMetricsPort}/healthz`)).status === 200 || undefined, 60_000);
}, 90_000);

afterAll(async () => {
  const exited = new Promise((r) => worker.once('exit', r));
  worker.kill('SIGTERM');
  await exited;
  await stack.close();
});

describe('metrics', () => {
  it('When a flow has run, then the API and the worker expose the expected series, labelled by templates and never by IDs', async () => {
    const clinic = await createClinic(stack);
    const created = await clinic.createTask(clinic.tenant.token('nurse'), signOffTask(clinic));
    expect(created.status).toBe(201);
    await waitFor(async () => ((await stack.ownerDb('tasks').where({ id: created.body.taskId }).first()) ? true : undefined));
    const token = await operatorToken(stack);
    const started = await api(stack.baseUrl, 'POST', '/api/v1/system-checks', { body: {}, token });
    const done = await api(stack.baseUrl, 'GET', `/api/v1/system-checks/${started.body.checkId}?wait=30`, { token });
    expect(done.body.status).toBe('completed');
    await api(stack.baseUrl, 'GET', '/readyz');

    const apiMetrics = await startMetricsServer(0, '127.0.0.1');
    const apiPort = (apiMetrics.address() as { port: number }).port;
    try {
      const text = (await scrape(apiPort))!;
      expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/system-checks",status_code="202"\} 1/);
      expect(text).toContain('route="/api/v1/system-checks/:checkId"');
      expect(text).toContain('smartclinix_dependency_up{dependency="temporal"} 1');
      expect(text).toContain('smartclinix_db_pool_connections{state="used"}');
      // Operational gauges come from the database aggregate, labelled by tenant ID and queue.
      expect(text).toMatch(new RegExp(`smartclinix_tasks_open\\{tenant="${clinic.tenant.id}",queue="form-review"\\} 1`));
      expect(text).toContain(`smartclinix_task_oldest_open_age_seconds{tenant="${clinic.tenant.id}",queue="form-review"}`);
      expect(labelValues(text).filter((v) => UUID.test(v))).toEqual([]);
    } finally {
      apiMetrics.close();
    }

    const workerText = (await scrape(workerMetricsPort))!;
    expect(workerText).toContain('smartclinix_db_pool_max');
    const sdkText = await waitFor(async () => {
      const t = await scrape(sdkMetricsPort);
      return t?.includes('temporal_activity_execution_latency') ? t : undefined;
    });
    expect(sdkText).toContain('temporal_workflow_task_schedule_to_start_latency');
    expect(sdkText).toContain('temporal_num_pollers');
    expect(labelValues(sdkText + workerText).filter((v) => UUID.test(v))).toEqual([]);
  });
});
