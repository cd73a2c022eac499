import { SenderRateLimiter } from './sender-rate-limiter.js';

/** A manual clock: sleeping advances time instantly, so spacing is exact and nothing waits. */
function manualClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms: number) => {
      now += ms;
      return Promise.resolve();
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('SenderRateLimiter', () => {
  it('When five sends are scheduled for one sender, then they start in order at least the interval apart', async () => {
    const clock = manualClock();
    const limiter = new SenderRateLimiter({ minIntervalMs: 1000, ...clock });
    const starts: Array<[number, number]> = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => limiter.schedule('+15550001111', () => Promise.resolve(starts.push([i, clock.now()])))));
    expect(starts).toEqual([
      [0, 0],
      [1, 1000],
      [2, 2000],
      [3, 3000],
      [4, 4000],
    ]);
  });

  it('When two senders send at once, then neither waits for the other', async () => {
    const clock = manualClock();
    const limiter = new SenderRateLimiter({ minIntervalMs: 1000, ...clock });
    const starts: string[] = [];
    await Promise.all([
      limiter.schedule('A', () => Promise.resolve(starts.push(`A@${clock.now()}`))),
      limiter.schedule('B', () => Promise.resolve(starts.push(`B@${clock.now()}`))),
    ]);
    expect(starts.sort()).toEqual(['A@0', 'B@0']);
  });

  it('When the last send was long ago, then the next one starts at once', async () => {
    const clock = manualClock();
    const limiter = new SenderRateLimiter({ minIntervalMs: 1000, ...clock });
    await limiter.schedule('A', () => Promise.resolve());
    clock.advance(5000);
    let startedAt = -1;
    await limiter.schedule('A', () => Promise.resolve((startedAt = clock.now())));
    expect(startedAt).toBe(5000);
  });

  it('When a send fails, then its caller gets the error and the next send still gets its slot', async () => {
    const clock = manualClock();
    const limiter = new SenderRateLimiter({ minIntervalMs: 1000, ...clock });
    const failing = limiter.schedule('A', () => Promise.reject(new Error('boom')));
    const next = limiter.schedule('A', () => Promise.resolve(clock.now()));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe(1000);
  });

  it('When the real timer is used, then two sends are spaced by at least the interval', async () => {
    const limiter = new SenderRateLimiter({ minIntervalMs: 50 });
    const starts: number[] = [];
    await Promise.all([1, 2].map(() => limiter.schedule('A', () => Promise.resolve(starts.push(performance.now())))));
    // The limiter re-checks its clock after each timer, so slots are >= 50 ms apart on that clock; a task
    // starts one microtask hop after its slot, hence the 0.1 ms allowance.
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(49.9);
  });
});
