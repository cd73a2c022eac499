import { type TaskActorRef } from '../shared/tasks.js';
import { claimRejection, decisionRejection, holdRejection, type LiveTask, reassignRejection, releaseRejection, resumeRejection } from './task-rules.js';

const physician = (id = 'u-phys'): TaskActorRef => ({ type: 'user', id, role: 'physician' });
const nurse: TaskActorRef = { type: 'user', id: 'u-nurse', role: 'nurse' };

const task = (over: Partial<LiveTask> = {}): LiveTask => ({
  taskId: 't1',
  status: 'open',
  ownerUserId: null,
  poolId: 'pool-1',
  poolRole: 'physician',
  claimedByUserId: null,
  version: 3,
  dueAt: '2026-01-01T00:00:00.000Z',
  onHold: false,
  escalationLevel: 0,
  category: 'sign-off',
  options: ['approve', 'decline'],
  decisionPending: false,
  ...over,
});

const decision = (actor: TaskActorRef, over: Partial<Parameters<typeof decisionRejection>[1]> = {}) => ({ taskId: 't1', actor, outcome: 'approve', ...over });

describe('decision rules', () => {
  it('When a physician of the pool decides an open sign-off with the current version, then it is accepted', () => {
    expect(decisionRejection(task(), decision(physician(), { version: 3 }))).toBeUndefined();
  });

  it('When the task is unknown, then the decision is refused as not found', () => {
    expect(decisionRejection(undefined, decision(physician()))).toEqual({ kind: 'not-found', reason: 'task-not-found' });
  });

  it.each(['completed', 'cancelled', 'expired'] as const)('When the task is %s, then the decision is a conflict', (status) => {
    expect(decisionRejection(task({ status }), decision(physician()))).toEqual({ kind: 'conflict', reason: 'task-closed' });
  });

  it('When another decision is in progress, then a second one is a conflict, but the first passes its own re-check', () => {
    const pending = task({ decisionPending: true });
    expect(decisionRejection(pending, decision(physician('u-other')))).toEqual({ kind: 'conflict', reason: 'decision-in-progress' });
    expect(decisionRejection(pending, decision(physician()), { ownDecision: true })).toBeUndefined();
  });

  it('When the caller saw an older version, then the decision is a conflict', () => {
    expect(decisionRejection(task(), decision(physician(), { version: 2 }))).toEqual({ kind: 'conflict', reason: 'stale-version' });
  });

  it('When another physician has claimed the task, then the decision is a conflict', () => {
    expect(decisionRejection(task({ status: 'claimed', claimedByUserId: 'u-a' }), decision(physician('u-b')))).toEqual({
      kind: 'conflict',
      reason: 'claimed-by-another',
    });
  });

  it('When a nurse decides a physician sign-off, even one she holds, then it is forbidden', () => {
    const held = task({ poolRole: 'nurse', status: 'claimed', claimedByUserId: nurse.id });
    expect(decisionRejection(held, decision(nurse))).toEqual({ kind: 'forbidden', reason: 'role-may-not-decide' });
  });

  it('When a nurse decides a nursing task of her pool, then it is accepted', () => {
    expect(decisionRejection(task({ category: 'nursing', poolRole: 'nurse' }), decision(nurse))).toBeUndefined();
  });

  it('When the task belongs to another user, then a physician who is not its owner may not decide it', () => {
    expect(decisionRejection(task({ poolId: null, poolRole: null, ownerUserId: 'u-a' }), decision(physician('u-b')))).toEqual({
      kind: 'forbidden',
      reason: 'not-assigned',
    });
  });

  it('When the platform itself decides, then it is refused: decisions are made by people', () => {
    expect(decisionRejection(task(), decision({ type: 'system', id: 'x', role: 'system' }))).toEqual({ kind: 'forbidden', reason: 'role-may-not-decide' });
  });

  it('When the outcome is not one of the options, then the decision is invalid', () => {
    expect(decisionRejection(task(), decision(physician(), { outcome: 'maybe' }))).toEqual({ kind: 'invalid', reason: 'unknown-outcome' });
  });
});

describe('ownership rules', () => {
  it('When a pool member claims an open task, then it is accepted; a second claim by someone else is a conflict', () => {
    expect(claimRejection(task(), { taskId: 't1', actor: physician() })).toBeUndefined();
    const claimed = task({ status: 'claimed', claimedByUserId: 'u-phys' });
    expect(claimRejection(claimed, { taskId: 't1', actor: physician('u-2') })).toEqual({ kind: 'conflict', reason: 'claimed-by-another' });
    expect(claimRejection(claimed, { taskId: 't1', actor: physician() })).toEqual({ kind: 'conflict', reason: 'already-claimed' });
  });

  it('When someone outside the pool role claims, then it is forbidden', () => {
    expect(claimRejection(task(), { taskId: 't1', actor: nurse })).toEqual({ kind: 'forbidden', reason: 'not-assigned' });
  });

  it('When a task is not claimed, then releasing it is a conflict; the claimer may release it', () => {
    expect(releaseRejection(task(), { taskId: 't1', actor: physician() })).toEqual({ kind: 'conflict', reason: 'not-claimed' });
    expect(releaseRejection(task({ status: 'claimed', claimedByUserId: 'u-phys' }), { taskId: 't1', actor: physician() })).toBeUndefined();
  });

  it('When an administrator reassigns a task claimed by someone, then it is accepted; another physician may not', () => {
    const claimed = task({ status: 'claimed', claimedByUserId: 'u-a' });
    const admin: TaskActorRef = { type: 'user', id: 'u-admin', role: 'admin' };
    expect(reassignRejection(claimed, { taskId: 't1', actor: admin, to: { userId: 'u-b' } })).toBeUndefined();
    expect(reassignRejection(claimed, { taskId: 't1', actor: physician('u-c'), to: { userId: 'u-b' } })).toEqual({ kind: 'conflict', reason: 'claimed-by-another' });
  });

  it('When a task is on hold, then holding it again is a conflict and resuming is accepted', () => {
    const held = task({ onHold: true });
    expect(holdRejection(held, { taskId: 't1', actor: physician() })).toEqual({ kind: 'conflict', reason: 'already-on-hold' });
    expect(resumeRejection(held, { taskId: 't1', actor: physician() })).toBeUndefined();
    expect(resumeRejection(task(), { taskId: 't1', actor: physician() })).toEqual({ kind: 'conflict', reason: 'not-on-hold' });
  });
});
