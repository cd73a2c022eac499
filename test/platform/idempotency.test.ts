import { randomUUID } from 'node:crypto';
import { idempotent } from '../../src/idempotency/idempotent.js';
import { type TestStack, startTestStack } from '../support/stack.js';

let stack: TestStack;
let tenantId: string;
beforeAll(async () => {
  stack = await startTestStack();
  tenantId = randomUUID();
  await stack.ownerDb('tenants').insert({ id: tenantId, slug: `idem-${tenantId.slice(0, 8)}`, name: 'Idempotency Test Clinic' });
});
afterAll(() => stack.close());

const claim = (key: string | undefined, request: unknown = { a: 1 }) => ({ tenantId, actorId: 'user-1', scope: 'test.op', key, request });

describe('Idempotency-Key', () => {
  it('When the same key and body arrive twice, then the operation runs once and the second gets the stored answer', async () => {
    let runs = 0;
    const op = () => Promise.resolve({ status: 201, body: { id: `created-${++runs}` } });
    const first = await idempotent(stack.db, claim('key-aaaaaaaa'), op);
    const second = await idempotent(stack.db, claim('key-aaaaaaaa'), op);
    expect(runs).toBe(1);
    expect(first).toEqual({ status: 201, body: { id: 'created-1' }, replayed: false });
    expect(second).toEqual({ status: 201, body: { id: 'created-1' }, replayed: true });
  });

  it('When the key is reused with a different body, then it is refused with 422', async () => {
    await idempotent(stack.db, claim('key-bbbbbbbb', { a: 1 }), () => Promise.resolve({ status: 201, body: {} }));
    await expect(idempotent(stack.db, claim('key-bbbbbbbb', { a: 2 }), () => Promise.resolve({ status: 201, body: {} }))).rejects.toMatchObject({
      status: 422,
    });
  });

  it('When two requests with one key race, then exactly one runs and the other gets 409', async () => {
    let runs = 0;
    const slow = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 200));
      return { status: 201, body: { ok: true } };
    };
    const results = await Promise.allSettled([idempotent(stack.db, claim('key-cccccccc'), slow), idempotent(stack.db, claim('key-cccccccc'), slow)]);
    expect(runs).toBe(1);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
  });

  it('When the operation fails, then the key is released and a retry runs it', async () => {
    await expect(idempotent(stack.db, claim('key-dddddddd'), () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const retry = await idempotent(stack.db, claim('key-dddddddd'), () => Promise.resolve({ status: 201, body: { ok: 1 } }));
    expect(retry.replayed).toBe(false);
  });

  it('When the key is malformed, then it is refused with 400', async () => {
    await expect(idempotent(stack.db, claim('bad key!'), () => Promise.resolve({ status: 200, body: {} }))).rejects.toMatchObject({ status: 400 });
  });

  it('When keys are read without the tenant setting, then row-level security hides them', async () => {
    const rows = await stack.db('idempotency_keys').select('key');
    expect(rows).toEqual([]);
  });
});
