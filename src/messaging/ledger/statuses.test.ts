import { DELIVERY_STATUSES, fromTwilioStatus, isTerminal, nextStatus } from './statuses.js';

describe('delivery status transitions', () => {
  it('When a row is terminal, then no target moves it', () => {
    for (const current of DELIVERY_STATUSES.filter(isTerminal)) {
      for (const target of DELIVERY_STATUSES) expect(nextStatus(current, target)).toBe(current);
    }
  });

  it('When a sent message gets a late "sent" or a replayed "queued", then it stays sent', () => {
    expect(nextStatus('sent', 'queued')).toBe('sent');
    expect(nextStatus('sent', 'deferred')).toBe('sent');
    expect(nextStatus('sent', 'sent')).toBe('sent');
  });

  it('When the provider already has a message, then it can no longer be suppressed', () => {
    expect(nextStatus('sent', 'suppressed')).toBe('sent');
    expect(nextStatus('queued', 'suppressed')).toBe('suppressed');
    expect(nextStatus('deferred', 'suppressed')).toBe('suppressed');
  });

  it('When a queued message is deferred and asked again, then it may go back to queued and on to sent or delivered', () => {
    expect(nextStatus('queued', 'deferred')).toBe('deferred');
    expect(nextStatus('deferred', 'queued')).toBe('queued');
    expect(nextStatus('deferred', 'sent')).toBe('sent');
    expect(nextStatus('queued', 'delivered')).toBe('delivered');
  });

  it('When a sent message gets its final callback, then it becomes delivered, undelivered or failed', () => {
    expect(nextStatus('sent', 'delivered')).toBe('delivered');
    expect(nextStatus('sent', 'undelivered')).toBe('undelivered');
    expect(nextStatus('sent', 'failed')).toBe('failed');
  });

  it("When Twilio reports its statuses, then they map onto the ledger's", () => {
    expect(fromTwilioStatus('queued')).toBe('sent');
    expect(fromTwilioStatus('accepted')).toBe('sent');
    expect(fromTwilioStatus('delivered')).toBe('delivered');
    expect(fromTwilioStatus('read')).toBe('delivered');
    expect(fromTwilioStatus('undelivered')).toBe('undelivered');
    expect(fromTwilioStatus('canceled')).toBe('failed');
  });
});
