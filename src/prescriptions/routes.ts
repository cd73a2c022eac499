import { Router } from 'express';
import { type AppDeps } from '../api/app-deps.js';
import { prescriptionRoutes } from './api/prescription-routes.js';
import { clinicalDataRoutes } from './clinical-data/clinical-data-routes.js';
import { pharmacyClientJwksRoutes } from './pharmacy/client-jwks-routes.js';

/** Everything the prescription module serves: clinical data, the pharmacy directory and our key for it, requests and decisions. */
export function prescriptionModuleRoutes(deps: AppDeps): Router {
  return Router().use(clinicalDataRoutes(deps), prescriptionRoutes(deps), pharmacyClientJwksRoutes(deps));
}
