import { WorkQueue } from './work-queue.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkQueue', () => {
  it('When more jobs are pushed than the concurrency, then at most that many run at once and all finish', async () => {
    const errors: unknown[] = [];
    const queue = new WorkQueue(2, (error) => errors.push(error));
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      queue.push(async () => {
        active += 1;
        peak = Math.max(peak, active);
        await tick();
        active -= 1;
        done.push(i);
      });
    }
    await queue.idle();
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(errors).toEqual([]);
  });

  it('When a job fails, then the error is reported and the queue carries on', async () => {
    const errors: unknown[] = [];
    const queue = new WorkQueue(1, (error) => errors.push(error));
    let ran = false;
    queue.push(() => Promise.reject(new Error('boom')));
    queue.push(() => {
      ran = true;
      return Promise.resolve();
    });
    await queue.idle();
    expect(errors).toHaveLength(1);
    expect(ran).toBe(true);
  });

  it('When nothing was pushed, then idle resolves at once', async () => {
    await expect(new WorkQueue(1, () => undefined).idle()).resolves.toBeUndefined();
  });
});
