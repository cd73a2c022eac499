import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { type AppDeps } from '../app-deps.js';
import { buildOpenApiDocument } from '../openapi/registry.js';

/** The OpenAPI 3.1 document (generated from the route schemas) and interactive docs. Call last. */
export function docsRoutes({ config }: AppDeps): Router {
  const router = Router();
  const document = buildOpenApiDocument(config.http.publicBaseUrl);
  router.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use('/api/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'SmartClinix API' }));
  return router;
}
