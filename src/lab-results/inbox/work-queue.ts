/**
 * Runs background jobs with bounded concurrency and lets the owner wait for them at shutdown.
 * Jobs are at-least-once helpers: a job that fails is reported and left to the sweeper.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: (() => Promise<void>)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  get size(): number {
    return this.running + this.waiting.length;
  }

  push(job: () => Promise<void>): void {
    this.waiting.push(job);
    this.next();
  }

  /** Resolves once every job pushed so far has finished. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running += 1;
      job()
        .catch(this.onError)
        .finally(() => {
          this.running -= 1;
          this.next();
          if (this.size === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            waiters.forEach((resolve) => resolve());
          }
        });
    }
  }
}
