import { type StoredTask } from './load-task.js';
import { planChange } from './plan-change.js';

const task = (over: Partial<StoredTask> = {}) =>
  ({ status: 'open', ownerUserId: null, poolId: 'pool-1', claimedByUserId: null, dueAt: '2026-01-01T10:00:00.000Z', onHoldSince: null, ...over }) as StoredTask;
const now = new Date('2026-01-01T09:00:00Z');

describe('planChange', () => {
  it('When a task resumes after an hour on hold, then its due time moves by that hour', () => {
    const held = task({ onHoldSince: '2026-01-01T08:00:00.000Z' });
    const planned = planChange(held, { kind: 'resume' }, now);
    expect(planned).toMatchObject({ action: 'resumed', patch: { onHoldSince: null, dueAt: '2026-01-01T11:00:00.000Z' }, details: { heldMs: 3_600_000 } });
  });

  it('When a claimed task is completed, then the claim is cleared and the outcome, decider and time are set', () => {
    const planned = planChange(task({ status: 'claimed', claimedByUserId: 'u1' }), { kind: 'complete', userId: 'u1', outcome: 'approve', payload: { a: 1 } }, now);
    expect(planned.patch).toEqual({
      status: 'completed',
      claimedByUserId: null,
      onHoldSince: null,
      outcome: 'approve',
      outcomeNote: null,
      outcomePayload: { a: 1 },
      completedByUserId: 'u1',
      completedAt: now.toISOString(),
    });
  });

  it('When a task is reassigned to a user who is covered, then it goes to the cover and says why', () => {
    const planned = planChange(task(), { kind: 'reassign', to: { userId: 'away' } }, now, {
      ownerUserId: 'cover',
      poolId: null,
      routedToCover: { fromUserId: 'away', coverageId: 'c1' },
    });
    expect(planned).toEqual({
      action: 'reassigned-to-cover',
      patch: { ownerUserId: 'cover', poolId: null, claimedByUserId: null, status: 'open' },
      details: { coverageId: 'c1', intendedUserId: 'away' },
    });
  });

  it('When a reassignment has no resolved destination, then planning refuses it', () => {
    expect(() => planChange(task(), { kind: 'reassign', to: { poolId: 'p' } }, now)).toThrow();
  });

  it('When a task is routed to cover, then it leaves its pool and any claim', () => {
    const planned = planChange(task({ status: 'claimed', claimedByUserId: 'away' }), { kind: 'route-to-cover', fromUserId: 'away', toUserId: 'cover', coverageId: 'c1' }, now);
    expect(planned.patch).toEqual({ ownerUserId: 'cover', poolId: null, claimedByUserId: null, status: 'open' });
  });
});
