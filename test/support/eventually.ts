type Maybe<T> = T | undefined | false | null;

/** Polls until `probe` returns something truthy (or throws the last failure after `timeoutMs`). */
export async function eventually<T>(probe: () => Maybe<T> | Promise<Maybe<T>>, timeoutMs = 20_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw last instanceof Error ? last : new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
