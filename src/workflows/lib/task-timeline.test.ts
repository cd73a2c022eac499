import { buildTimeline } from './task-timeline.js';

describe('buildTimeline', () => {
  it('When reminder, escalations and expiry are given, then they fire in time order with levels numbered by chain order', () => {
    const events = buildTimeline({
      remindAfterMs: 2000,
      escalations: [
        { afterMs: 1000, to: [{ kind: 'covering-practitioner' }] },
        { afterMs: 5000, to: [{ kind: 'on-call' }] },
      ],
      expireAfterMs: 9000,
    });
    expect(events.map((e) => (e.kind === 'escalate' ? `L${e.level}@${e.atMs}` : `${e.kind}@${e.atMs}`))).toEqual([
      'L1@1000',
      'remind@2000',
      'L2@5000',
      'expire@9000',
    ]);
  });

  it('When events share a time, then the reminder comes before the escalation and the expiry last', () => {
    const events = buildTimeline({ remindAfterMs: 1000, escalations: [{ afterMs: 1000, to: [{ kind: 'on-call' }] }], expireAfterMs: 1000 });
    expect(events.map((e) => e.kind)).toEqual(['remind', 'escalate', 'expire']);
  });

  it('When the chain is not in increasing time order, then it is refused', () => {
    expect(() =>
      buildTimeline({ escalations: [{ afterMs: 5000, to: [{ kind: 'on-call' }] }, { afterMs: 1000, to: [{ kind: 'on-call' }] }] }),
    ).toThrow(RangeError);
  });

  it('When a level has no target, then it is refused', () => {
    expect(() => buildTimeline({ escalations: [{ afterMs: 5000, to: [] }] })).toThrow(RangeError);
  });

  it('When nothing is configured, then there are no events', () => {
    expect(buildTimeline({})).toEqual([]);
  });
});
