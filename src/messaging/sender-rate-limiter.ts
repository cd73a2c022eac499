/**
 * Paces sends per sending number: starts of consecutive sends from one sender are at least
 * `minIntervalMs` apart (a US long code takes about 1 message per second), in the order they were
 * scheduled. Different senders do not wait for each other.
 *
 * Hand-written rather than `bottleneck` (unpublished since 2019) or `p-queue` (ESM-only, and a
 * concurrency queue rather than a spacing one): the whole need is a per-key promise chain.
 * The pacing is per process. Several workers sharing one number still rely on Twilio's own queue (or a
 * Temporal task-queue rate limit) for the global rate; this limiter keeps one worker from bursting.
 */

export interface SenderRateLimiterOptions {
  /** Minimum spacing between send starts for one sender; default 1000 ms (1 message per second). */
  minIntervalMs?: number;
  /** Injectable clock and timer, for deterministic tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Lane {
  /** Resolves when the previous send from this sender has been given its start slot. */
  tail: Promise<void>;
  /** Earliest start time of the next send. */
  nextStartAt: number;
}

export class SenderRateLimiter {
  private readonly lanes = new Map<string, Lane>();
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: SenderRateLimiterOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    if (!(this.minIntervalMs >= 0)) throw new RangeError('minIntervalMs must be >= 0');
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Runs `task` when `sender`'s next slot comes; resolves or rejects with the task's outcome. */
  schedule<T>(sender: string, task: () => Promise<T>): Promise<T> {
    const lane = this.lanes.get(sender) ?? { tail: Promise.resolve(), nextStartAt: -Infinity };
    this.lanes.set(sender, lane);
    const slot = lane.tail.then(async () => {
      // Timers can fire a little early against performance.now() (libuv caches loop time), so re-check.
      for (let wait = lane.nextStartAt - this.now(); wait > 0; wait = lane.nextStartAt - this.now()) await this.sleep(wait);
      lane.nextStartAt = this.now() + this.minIntervalMs;
    });
    lane.tail = slot;
    // The slot is taken when the task starts; a slow or failing task does not hold up the next slot.
    return slot.then(task);
  }
}
