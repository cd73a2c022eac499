import { appointmentRoutes } from './appointments.js';
import { type RouteCase } from './expectations.js';
import { identityRoutes } from './identity.js';
import { labResultRoutes } from './lab-results.js';
import { messagingRoutes } from './messaging.js';
import { platformRoutes } from './platform.js';
import { prescriptionRoutes } from './prescriptions.js';
import { referralRoutes } from './referrals.js';
import { registryRoutes } from './registry.js';
import { taskRoutes } from './tasks.js';

/**
 * Every route's expected outcome per caller. A route in the OpenAPI document without an entry here
 * fails the route-access test. To add a feature's routes: create `<feature>.ts` beside these files
 * exporting a `Record<'METHOD /openapi/path/{param}', RouteCase>`, and spread it in below.
 */
export const ROUTE_CASES: Record<string, RouteCase> = {
  ...platformRoutes,
  ...identityRoutes,
  ...registryRoutes,
  ...taskRoutes,
  ...messagingRoutes,
  ...labResultRoutes,
  ...prescriptionRoutes,
  ...referralRoutes,
  ...appointmentRoutes,
};
