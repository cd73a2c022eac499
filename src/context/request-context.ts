import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is calling, for the duration of one request (or one activity). Kept in AsyncLocalStorage so
 * the data layer can enforce permissions and write audit events without every function passing it.
 * The identity module adds the authenticated actor and its CASL ability.
 */
export interface RequestContext {
  requestId: string;
  ip?: string;
  userAgent?: string;
  /** Set by authentication. Typed loosely here so this module depends on nothing else. */
  actor?: unknown;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
