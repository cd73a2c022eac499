import { type EscalationTarget } from '../shared/tasks.js';

export type TimelineEvent =
  | { atMs: number; kind: 'remind' }
  | { atMs: number; kind: 'escalate'; level: number; to: EscalationTarget[] }
  | { atMs: number; kind: 'expire' };

export interface TimelineSpec {
  remindAfterMs?: number;
  escalations?: { afterMs: number; to: EscalationTarget[] }[];
  expireAfterMs?: number;
}

const ORDER: Record<TimelineEvent['kind'], number> = { remind: 0, escalate: 1, expire: 2 };

/**
 * The SLA events of a task in the order they fire (active time since creation). Escalation levels
 * are numbered by their place in the caller's chain (1, 2, …): with the task ID they form the stable
 * escalation ID, so the chain must be given in increasing `after` order.
 */
export function buildTimeline(spec: TimelineSpec): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  if (spec.remindAfterMs !== undefined) events.push({ atMs: spec.remindAfterMs, kind: 'remind' });
  let previous = -1;
  (spec.escalations ?? []).forEach((level, index) => {
    if (level.afterMs < previous) throw new RangeError('Escalation levels must be given in increasing time order');
    if (level.to.length === 0) throw new RangeError('An escalation level needs at least one target');
    previous = level.afterMs;
    events.push({ atMs: level.afterMs, kind: 'escalate', level: index + 1, to: level.to });
  });
  if (spec.expireAfterMs !== undefined) events.push({ atMs: spec.expireAfterMs, kind: 'expire' });
  // Stable sort: equal times keep reminder → escalations (chain order) → expiry.
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.atMs - b.event.atMs || ORDER[a.event.kind] - ORDER[b.event.kind] || a.index - b.index)
    .map(({ event }) => event);
}
