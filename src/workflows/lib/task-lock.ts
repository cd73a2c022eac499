/**
 * Serialises the changes a workflow makes to its tasks: update handlers, signal handlers and the
 * SLA timeline run concurrently inside one workflow, and each change must start from the version
 * the previous one produced. A promise chain is deterministic, so it is replay-safe.
 */
export class TaskLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
