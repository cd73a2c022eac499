import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { systemCheckWorkflowId } from '../../src/workflows/shared/system-check.js';
import { api } from '../support/http.js';
import { operatorToken } from '../support/operator.js';
import { type TestStack, startTestStack } from '../support/stack.js';

let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack({ worker: true });
  token = await operatorToken(stack);
});
afterAll(() => stack.close());

async function runCheck(body: { probe: string; failFirstAttempt?: boolean }) {
  const started = await api(stack.baseUrl, 'POST', '/api/v1/system-checks', { body, token });
  expect(started.status).toBe(202);
  const done = await api(stack.baseUrl, 'GET', `/api/v1/system-checks/${started.body.checkId}?wait=20`, { token });
  expect(done.status).toBe(200);
  return done.body;
}

async function rawHistory(workflowId: string): Promise<proto.api.history.v1.IHistory> {
  const res = await stack.temporal.workflowService.getWorkflowExecutionHistory({
    namespace: stack.config.temporal.namespace,
    execution: { workflowId },
  });
  return res.history!;
}

describe('system check: HTTP → Temporal → worker → activity → PostgreSQL', () => {
  it('When an operator starts a check, then the workflow completes and the activity wrote its row', async () => {
    const check = await runCheck({ probe: 'ping' });
    expect(check.status).toBe('completed');
    expect(check.result.attempts).toBe(1);
    const row = await stack.ownerDb('system_checks').where({ id: check.checkId }).first();
    expect(row).toMatchObject({ status: 'completed', workflow_id: systemCheckWorkflowId(check.checkId) });
  });

  it('When the caller has no operator credential, then starting and reading checks answers 401', async () => {
    expect((await api(stack.baseUrl, 'POST', '/api/v1/system-checks', { body: {} })).status).toBe(401);
    expect((await api(stack.baseUrl, 'POST', '/codec/decode', { body: { payloads: [] } })).status).toBe(401);
  });

  it('When a check is unknown, then reading it answers 404', async () => {
    const res = await api(stack.baseUrl, 'GET', '/api/v1/system-checks/3f1d2c4b-1111-4222-8333-944455556666', { token });
    expect(res.status).toBe(404);
  });
});

describe('PHI canary: nothing reaches Temporal in plaintext', () => {
  const CANARY = 'CANARY-PHI-7f3a9c-Jane-Doe-1961-04-12';

  it('When input and a failure message carry the canary, then the raw history never contains it and the codec recovers it', async () => {
    const check = await runCheck({ probe: CANARY, failFirstAttempt: true });
    expect(check.status).toBe('completed');
    expect(check.result.attempts).toBe(2);
    const workflowId = systemCheckWorkflowId(check.checkId);
    const history = await rawHistory(workflowId);

    // The history as the server stores and serves it: binary protobuf and its JSON form.
    const binary = Buffer.from(proto.api.history.v1.History.encode(history).finish());
    expect(binary.includes(CANARY)).toBe(false);
    const json = JSON.stringify(proto.api.history.v1.History.toObject(history as proto.api.history.v1.History, { bytes: String }));
    expect(json).not.toContain(CANARY);
    expect(json).not.toContain(Buffer.from(CANARY).toString('base64').slice(0, 24));

    // The retried activity's failure exists, but its message is encoded (not plaintext).
    const failedAttempt = history.events!.find((e) => e.workflowTaskFailedEventAttributes || e.activityTaskStartedEventAttributes?.lastFailure);
    const lastFailure = failedAttempt?.activityTaskStartedEventAttributes?.lastFailure;
    expect(lastFailure?.message).toBe('Encoded failure');
    expect(lastFailure?.encodedAttributes).toBeTruthy();

    // An operator decodes through the codec endpoint, as the Temporal UI does.
    const startedEvent = history.events!.find((e) => e.workflowExecutionStartedEventAttributes)!;
    const payloads = [...startedEvent.workflowExecutionStartedEventAttributes!.input!.payloads!, lastFailure!.encodedAttributes!];
    const body = {
      payloads: payloads.map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
        data: Buffer.from(p.data ?? []).toString('base64'),
      })),
    };
    const decoded = await api(stack.baseUrl, 'POST', '/codec/decode', {
      body,
      token,
      headers: { origin: stack.config.temporal.uiOrigin, 'x-namespace': stack.config.temporal.namespace },
    });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(stack.config.temporal.uiOrigin);
    const texts = (decoded.body.payloads as { data: string }[]).map((p) => Buffer.from(p.data, 'base64').toString());
    expect(texts[0]).toContain(CANARY);
    expect(texts[1]).toContain(`simulated failure while handling ${CANARY}`);

    if (process.env.RECORD_HISTORIES === '1') {
      const handle = stack.temporal.workflow.getHandle(workflowId);
      writeFileSync(join(__dirname, '../replay/histories/system-check.json'), JSON.stringify(await handle.fetchHistory(), null, 1));
    }
  });

  it('When the codec is called from another origin, then CORS does not admit it', async () => {
    const res = await fetch(`${stack.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });
});
