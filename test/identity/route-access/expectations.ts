import { USER_ROLES, type UserRole } from '../../../src/authz/actor.js';
import { type TestTenant, type TestUser } from '../../support/identity.js';
import { type TestStack } from '../../support/stack.js';

/** Who calls: a user of each role (bearer token), the integration service account (API key), or nobody. */
export type Caller = UserRole | 'integration' | 'anonymous';
export const CALLERS: Caller[] = [...USER_ROLES, 'integration', 'anonymous'];

/** `ok` is any 2xx. 403: the role may never do this. 404: the role may, but not on this record. */
export type Outcome = 'ok' | 401 | 403 | 404;

export interface RequestContext {
  stack: TestStack;
  /** The tenant whose records the request names (the caller's own, or another tenant in cross-tenant runs). */
  owner: TestTenant;
  caller: Caller;
  /** A new user of the caller's role in the caller's tenant (undefined for integration and anonymous). */
  freshUser(): Promise<TestUser | undefined>;
}

export interface RouteRequest {
  /** Concrete path, with query string if needed. */
  path: string;
  body?: unknown;
  /** Extra request headers (e.g. a content type other than JSON); the caller's credentials are added to them. */
  headers?: Record<string, string>;
  /** Call as this user instead of the caller's standing session (for routes that end or change it). */
  session?: TestUser;
}

export interface RouteCase {
  expect: Record<Caller, Outcome>;
  /** Builds the request; create fresh records here when the call changes or deletes them. */
  request(ctx: RequestContext): Promise<RouteRequest> | RouteRequest;
  /** The route reads or writes PHI: every call (allowed or denied) must leave an audit event. */
  phi?: boolean;
  /**
   * Whether a caller from another tenant must get 404 for the records named in the path.
   * Defaults to true for paths with parameters; false for records that are not tenant data.
   */
  crossTenant?: boolean;
  /**
   * Callers whose 403 comes from the record (they may read it but not act on it), not from their
   * role: from another tenant they cannot even see the record, so they get 404 there.
   */
  recordLevelDenials?: Caller[];
}

/** Expectations: `roles` succeed; everyone else gets 403 (anonymous 401) unless `otherwise` says more. */
export function allow(roles: Caller[], otherwise: Partial<Record<Caller, Outcome>> = {}): Record<Caller, Outcome> {
  return Object.fromEntries(
    CALLERS.map((c) => [c, roles.includes(c) ? 'ok' : (otherwise[c] ?? (c === 'anonymous' ? 401 : 403))]),
  ) as Record<Caller, Outcome>;
}

export const PUBLIC = allow(CALLERS);
export const STAFF: Caller[] = ['admin', 'scheduler', 'physician', 'nurse', 'pharmacist'];
export const EVERY_USER: Caller[] = [...USER_ROLES];
export const EVERY_AUTHENTICATED: Caller[] = [...USER_ROLES, 'integration'];
