import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { initTracing } from '../../src/observability/tracing.js';
import { api } from '../support/http.js';
import { operatorToken } from '../support/operator.js';
import { type TestStack, startTestStack } from '../support/stack.js';

const exporter = new InMemorySpanExporter();
let stack: TestStack;

beforeAll(async () => {
  const tracing = initTracing({ serviceName: 'smartclinix-test', exporter });
  stack = await startTestStack({ worker: true, tracing });
});
afterAll(() => stack.close());

describe('tracing', () => {
  it('When a request starts a workflow, then one trace spans HTTP → workflow → activity → database, without PHI', async () => {
    const token = await operatorToken(stack);
    const probe = 'TRACE-CANARY-Jane-Doe';
    const started = await api(stack.baseUrl, 'POST', '/api/v1/system-checks', { body: { probe }, token });
    expect(started.status).toBe(202);
    const done = await api(stack.baseUrl, 'GET', `/api/v1/system-checks/${started.body.checkId}?wait=20`, { token });
    expect(done.body.status).toBe('completed');

    const spans = exporter.getFinishedSpans();
    const http = spans.find((s) => s.name === 'POST /api/v1/system-checks');
    expect(http).toBeDefined();
    const traceId = http!.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId).map((s) => s.name);
    expect(inTrace).toEqual(
      expect.arrayContaining([
        'POST /api/v1/system-checks',
        'StartWorkflow:systemCheckWorkflow',
        'RunWorkflow:systemCheckWorkflow',
        'RunActivity:recordSystemCheck',
        'insert system_checks',
      ]),
    );
    const everything = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    expect(everything).not.toContain(probe);
  });
});
