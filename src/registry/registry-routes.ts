import { Router } from 'express';
import { type AppDeps } from '../api/app-deps.js';
import { coverageRoutes } from './coverage/coverage-routes.js';
import { departmentRoutes } from './departments/department-routes.js';
import { patientRoutes } from './patients/patient-routes.js';
import { practitionerRoutes } from './practitioners/practitioner-routes.js';
import { tenantRoutes } from './tenant/tenant-routes.js';
import { userRoutes } from './users/user-routes.js';

/** The tenant registry: patients, practitioners, departments, coverage, users and tenant settings. */
export function registryRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(patientRoutes(deps), practitionerRoutes(deps), departmentRoutes(deps), coverageRoutes(deps), userRoutes(deps), tenantRoutes(deps));
  return router;
}
