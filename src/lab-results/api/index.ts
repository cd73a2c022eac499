import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { createLabIngestion, type LabIngestion } from '../inbox/ingestion.js';
import { labIngestRoutes } from './ingest-routes.js';
import { labIntegrationRoutes } from './integration-routes.js';
import { labPolicyRoutes } from './lab-policy-routes.js';
import { labOrderRoutes } from './lab-order-routes.js';
import { labResultQueryRoutes } from './lab-result-routes.js';

export { HL7_CONTENT_TYPE } from './ingest-routes.js';

/**
 * Every lab-results route, configuration (integrations, critical ranges, timings) included. HTTP submissions go through the same ingestion pipeline as MLLP; in the
 * API process it processes each accepted message right after answering, and the MLLP process's
 * sweeper finishes whatever a restart interrupted.
 */
export function labResultRoutes(deps: AppDeps, ingestion?: LabIngestion): Router {
  const pipeline =
    ingestion ?? createLabIngestion({ db: deps.db, temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue, logger: deps.logger });
  const router = Router();
  // Ingestion first: its static paths must win over `/api/v1/lab-results/:id`.
  router.use(labIngestRoutes(deps, pipeline), labOrderRoutes(deps), labResultQueryRoutes(deps), labIntegrationRoutes(deps), labPolicyRoutes(deps));
  return router;
}
