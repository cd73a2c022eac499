import { api } from '../../support/http.js';
import { allow, PUBLIC, type RouteCase } from './expectations.js';

const OPERATORS = allow(['admin', 'ops']);

/** Health, system checks and the Temporal codec. */
export const platformRoutes: Record<string, RouteCase> = {
  'GET /healthz': { expect: PUBLIC, request: () => ({ path: '/healthz' }) },
  'GET /readyz': { expect: PUBLIC, request: () => ({ path: '/readyz' }) },
  'POST /api/v1/system-checks': { expect: OPERATORS, request: () => ({ path: '/api/v1/system-checks', body: { probe: 'route-access' } }) },
  'GET /api/v1/system-checks/{checkId}': {
    expect: OPERATORS,
    // System checks are platform probes, not tenant data.
    crossTenant: false,
    request: async ({ stack, owner }) => {
      const started = await api(stack.baseUrl, 'POST', '/api/v1/system-checks', { token: owner.token('ops'), body: { probe: 'route-access' } });
      return { path: `/api/v1/system-checks/${started.body.checkId as string}` };
    },
  },
  'POST /codec/encode': { expect: OPERATORS, request: () => ({ path: '/codec/encode', body: { payloads: [] } }) },
  'POST /codec/decode': { expect: OPERATORS, phi: true, request: () => ({ path: '/codec/decode', body: { payloads: [] } }) },
};
