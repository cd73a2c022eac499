import { createApp } from '../../src/api/app.js';
import { createAppKnex } from '../../src/db/knex.js';
import { createLogger } from '../../src/logging/logger.js';
import { api } from '../support/http.js';
import { operatorToken } from '../support/operator.js';
import { type TestStack, startTestStack } from '../support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

describe('platform HTTP basics', () => {
  it('When /healthz is called, then it answers 200', async () => {
    const res = await api(stack.baseUrl, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('When PostgreSQL and Temporal are reachable, then /readyz answers 200 with each dependency up', async () => {
    const res = await api(stack.baseUrl, 'GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.body.dependencies.postgres.status).toBe('up');
    expect(res.body.dependencies.temporal.status).toBe('up');
  });

  it('When PostgreSQL is unreachable, then /readyz answers 503 naming it', async () => {
    const deadDb = createAppKnex('postgres://nobody@127.0.0.1:1/none', 1);
    const app = createApp({ config: stack.config, db: deadDb, temporal: stack.temporal, logger: createLogger({ level: 'silent', name: 't' }) });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    try {
      const res = await api(`http://127.0.0.1:${port}`, 'GET', '/readyz');
      expect(res.status).toBe(503);
      expect(res.body.dependencies.postgres.status).toBe('down');
      expect(res.body.dependencies.temporal.status).toBe('up');
    } finally {
      server.close();
      await deadDb.destroy();
    }
  });

  it('When a route does not exist, then the answer is problem+json 404 with the request ID', async () => {
    const res = await api(stack.baseUrl, 'GET', '/api/v1/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, title: 'Not found' });
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('When the JSON body is malformed, then the answer is a 400 problem without echoing the body', async () => {
    const token = await operatorToken(stack);
    const res = await api(stack.baseUrl, 'POST', '/api/v1/system-checks', { body: '{"probe": "SECRET-VALUE', token });
    expect(res.status).toBe(400);
    expect(res.body.type).toContain('malformed-body');
    expect(JSON.stringify(res.body)).not.toContain('SECRET-VALUE');
  });

  it('When a field is invalid, then the problem lists a pointer to it and never the rejected value', async () => {
    const token = await operatorToken(stack);
    const res = await api(stack.baseUrl, 'POST', '/api/v1/system-checks', { body: { probe: 42 }, token });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/body/probe' })]);
  });

  it('When the body exceeds the limit, then the answer is 413', async () => {
    const res = await api(stack.baseUrl, 'POST', '/api/v1/system-checks', { body: { probe: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.status).toBe(413);
  });

  it('When the OpenAPI document is requested, then it is 3.1 and lists the system-check route', async () => {
    const res = await api(stack.baseUrl, 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/api/v1/system-checks/{checkId}');
    const docs = await fetch(`${stack.baseUrl}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
  });
});
