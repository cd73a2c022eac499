import { planChange } from './plan-change.js';
import { type TaskRow } from './task-row.js';

const row = (over: Partial<TaskRow> = {}) =>
  ({ status: 'open', owner_user_id: null, pool_id: 'pool-1', claimed_by_user_id: null, due_at: new Date('2026-01-01T10:00:00Z'), on_hold_since: null, ...over }) as TaskRow;
const now = new Date('2026-01-01T09:00:00Z');

describe('planChange', () => {
  it('When a task resumes after an hour on hold, then its due time moves by that hour', () => {
    const held = row({ on_hold_since: new Date('2026-01-01T08:00:00Z') });
    const planned = planChange(held, { kind: 'resume' }, now);
    expect(planned).toMatchObject({ action: 'resumed', patch: { on_hold_since: null, due_at: new Date('2026-01-01T11:00:00Z') }, details: { heldMs: 3_600_000 } });
  });

  it('When a claimed task is completed, then the claim is cleared and the outcome, decider and time are set', () => {
    const planned = planChange(row({ status: 'claimed', claimed_by_user_id: 'u1' }), { kind: 'complete', userId: 'u1', outcome: 'approve', payload: { a: 1 } }, now);
    expect(planned.patch).toEqual({
      status: 'completed',
      claimed_by_user_id: null,
      on_hold_since: null,
      outcome: 'approve',
      outcome_note: null,
      outcome_payload: '{"a":1}',
      completed_by_user_id: 'u1',
      completed_at: now,
    });
  });

  it('When a task is reassigned to a user who is covered, then it goes to the cover and says why', () => {
    const planned = planChange(row(), { kind: 'reassign', to: { userId: 'away' } }, now, {
      ownerUserId: 'cover',
      poolId: null,
      routedToCover: { fromUserId: 'away', coverageId: 'c1' },
    });
    expect(planned).toEqual({
      action: 'reassigned-to-cover',
      patch: { owner_user_id: 'cover', pool_id: null, claimed_by_user_id: null, status: 'open' },
      details: { coverageId: 'c1', intendedUserId: 'away' },
    });
  });

  it('When a reassignment has no resolved destination, then planning refuses it', () => {
    expect(() => planChange(row(), { kind: 'reassign', to: { poolId: 'p' } }, now)).toThrow();
  });

  it('When a task is routed to cover, then it leaves its pool and any claim', () => {
    const planned = planChange(row({ status: 'claimed', claimed_by_user_id: 'away' }), { kind: 'route-to-cover', fromUserId: 'away', toUserId: 'cover', coverageId: 'c1' }, now);
    expect(planned.patch).toEqual({ owner_user_id: 'cover', pool_id: null, claimed_by_user_id: null, status: 'open' });
  });
});
