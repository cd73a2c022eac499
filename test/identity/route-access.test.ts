import { registry } from '../../src/api/openapi/registry.js';
import { USER_ROLES, type UserRole } from '../../src/authz/actor.js';
import { api } from '../support/http.js';
import { createTestTenant, type TestTenant } from '../support/identity.js';
import { type TestStack, startTestStack } from '../support/stack.js';
import { type Caller, CALLERS, type RouteCase, type RouteRequest } from './route-access/expectations.js';
import { ROUTE_CASES } from './route-access/index.js';

/**
 * Every route × every caller, against the expectation table in ./route-access (one file per
 * feature). A route that is in the OpenAPI document but not in the table fails the first test:
 * add an entry (see route-access/index.ts) stating who succeeds, who gets 403 and who 404.
 * Routes flagged `phi` must also leave an audit event for every call, allowed or denied.
 * Record routes are replayed from another tenant, where every success must become a 404.
 */
let stack: TestStack;
let home: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  stack = await startTestStack();
  [home, other] = [await createTestTenant(stack), await createTestTenant(stack)];
});
afterAll(() => stack.close());

function registeredRoutes(): string[] {
  const routes = registry.definitions.flatMap((d) => (d.type === 'route' ? [`${d.route.method.toUpperCase()} ${d.route.path}`] : []));
  return [...new Set(routes)].sort();
}

const outcomeOf = (status: number): 'ok' | number => (status >= 200 && status < 300 ? 'ok' : status);

async function call(route: string, rc: RouteCase, caller: Caller, callerTenant: TestTenant, owner: TestTenant) {
  const isUser = (USER_ROLES as readonly string[]).includes(caller);
  const freshUser = async () =>
    isUser
      ? callerTenant.addUser(caller as UserRole, { mfa: false, ...(caller === 'patient' ? { patientId: callerTenant.ownPatientId } : {}) })
      : undefined;
  const req: RouteRequest = await rc.request({ stack, owner, caller, freshUser });
  const [method] = route.split(' ');
  const headers: Record<string, string> = { ...req.headers, ...(caller === 'integration' ? { 'x-api-key': callerTenant.apiKey } : {}) };
  const token = isUser ? (req.session?.accessToken ?? callerTenant.token(caller as UserRole)) : undefined;
  const res = await api(stack.baseUrl, method!, req.path, { body: req.body, token, headers });
  return { status: res.status, requestId: res.headers.get('x-request-id') ?? '' };
}

describe('route access', () => {
  it('When a route is in the OpenAPI document, then the access table has an entry for it', () => {
    expect(registeredRoutes().filter((r) => !(r in ROUTE_CASES))).toEqual([]);
  });

  it('When the access table names a route, then the route exists', () => {
    const registered = new Set(registeredRoutes());
    expect(Object.keys(ROUTE_CASES).filter((r) => !registered.has(r))).toEqual([]);
  });

  describe.each(Object.entries(ROUTE_CASES))('%s', (route, rc) => {
    it.each(CALLERS)('When %s calls it, then the outcome is the table’s', async (caller) => {
      const { status, requestId } = await call(route, rc, caller, home, home);
      expect({ route, caller, outcome: outcomeOf(status) }).toEqual({ route, caller, outcome: rc.expect[caller] });
      if (rc.phi && caller !== 'anonymous') {
        const events = await stack.ownerDb('audit_events').where({ tenant_id: home.id, request_id: requestId }).select('outcome');
        expect({ route, caller, audited: events.length > 0 }).toEqual({ route, caller, audited: true });
        const expectedOutcome = rc.expect[caller] === 'ok' ? 'allowed' : 'denied';
        expect(events.map((e: { outcome: string }) => e.outcome)).toContain(expectedOutcome);
      }
    });
  });
});

describe('cross-tenant record access', () => {
  const recordRoutes = Object.entries(ROUTE_CASES).filter(([route, rc]) => route.includes('{') && rc.crossTenant !== false);
  const callers = CALLERS.filter((c) => c !== 'anonymous');

  describe.each(recordRoutes)('%s', (route, rc) => {
    it.each(callers)('When %s of another tenant names these records, then they are not found', async (caller) => {
      const { status } = await call(route, rc, caller, home, other);
      const sameTenant = rc.expect[caller];
      const hidden = sameTenant === 'ok' || (sameTenant === 403 && rc.recordLevelDenials?.includes(caller));
      expect({ route, caller, outcome: outcomeOf(status) }).toEqual({ route, caller, outcome: hidden ? 404 : sameTenant });
    });
  });
});
