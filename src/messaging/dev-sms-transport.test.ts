import { DevSmsTransport } from './dev-sms-transport.js';
import { sendOnce } from './send-once.js';

describe('DevSmsTransport', () => {
  it('When a message is sent, then it is recorded and reported delivered', async () => {
    const sentAt = new Date('2025-06-10T13:30:00Z');
    const dev = new DevSmsTransport(() => sentAt);
    const result = await dev.send({ to: '+15551230001', body: 'Hi. Reply STOP to opt out.', idempotencyKey: 'k1' });
    expect(result).toEqual({ providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'delivered' });
    expect(dev.messages).toEqual([
      { providerMessageId: result.providerMessageId, to: '+15551230001', body: 'Hi. Reply STOP to opt out.', idempotencyKey: 'k1', sentAt, status: 'delivered' },
    ]);
  });

  it('When the same idempotency key is sent twice, then one message exists and both calls get its SID', async () => {
    const dev = new DevSmsTransport();
    const first = await dev.send({ to: '+15551230001', body: 'a', idempotencyKey: 'k1' });
    const second = await dev.send({ to: '+15551230001', body: 'a', idempotencyKey: 'k1' });
    expect(second).toEqual(first);
    expect(dev.messages).toHaveLength(1);
  });

  it('When sendOnce follows an ambiguous attempt that had got through, then it recovers instead of sending', async () => {
    const dev = new DevSmsTransport();
    const request = { to: '+15551230001', body: 'a', idempotencyKey: 'k1' };
    const original = await dev.send(request);
    await expect(sendOnce(dev, request, { ambiguousAttemptStartedAt: new Date() })).resolves.toEqual({ ...original, recovered: true });
    await expect(sendOnce(dev, { ...request, idempotencyKey: 'k2' })).resolves.toMatchObject({ recovered: false });
    expect(dev.messages.map((m) => m.idempotencyKey)).toEqual(['k1', 'k2']);
  });

  it('When cleared, then no messages remain', async () => {
    const dev = new DevSmsTransport();
    await dev.send({ to: '+15551230001', body: 'a', idempotencyKey: 'k1' });
    dev.clear();
    expect(dev.messages).toEqual([]);
    await expect(dev.findByIdempotencyKey({ to: '+15551230001', body: 'a', idempotencyKey: 'k1', sentAfter: new Date(0) })).resolves.toBeNull();
  });
});
