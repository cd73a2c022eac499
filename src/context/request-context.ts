import { AsyncLocalStorage } from 'node:async_hooks';
import { type AppAbility } from '../authz/ability.js';
import { type Actor } from '../authz/actor.js';
import { type AppError } from '../errors/app-error.js';

/**
 * Who is calling, for the duration of one request (or one activity). Kept in AsyncLocalStorage so
 * the data layer can enforce permissions and write audit events without every function passing it.
 */
export interface RequestContext {
  requestId: string;
  ip?: string;
  userAgent?: string;
  /** Set by authentication when the request carried valid credentials. */
  actor?: Actor;
  /** The actor's permissions, built once per request. */
  ability?: AppAbility;
  /** Why presented credentials were refused; answered (401) only by routes that need a caller. */
  authFailure?: AppError;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
