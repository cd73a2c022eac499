import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { httpMetrics } from '../observability/http-metrics.js';
import { httpTracing } from '../observability/http-tracing.js';
import { apiKeyRoutes } from '../auth/api-key-routes.js';
import { authRoutes } from '../auth/auth-routes.js';
import { credentialRoutes } from '../auth/credential-routes.js';
import { appointmentModuleRoutes } from '../appointments/index.js';
import { auditDenials } from '../audit/denials.js';
import { auditRoutes } from '../audit/audit-routes.js';
import { messagingRoutes } from '../messaging/routes/index.js';
import { prescriptionModuleRoutes } from '../prescriptions/routes.js';
import { referralModuleRoutes } from '../referrals/index.js';
import { registryRoutes } from '../registry/registry-routes.js';
import { taskRoutes } from '../tasks/api/task-routes.js';
import { labResultRoutes } from '../lab-results/api/index.js';
import { recordExportRoutes } from '../record-export/record-export-routes.js';
import { type AppDeps } from './app-deps.js';
import { authenticate } from './middleware/authenticate.js';
import { notFoundHandler, problemHandler } from './middleware/problem-handler.js';
import { requestContext } from './middleware/request-id.js';
import { codecRoutes } from './routes/codec.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { systemCheckRoutes } from './routes/system-checks.js';

/**
 * Builds the Express app from its dependencies. Route modules register their OpenAPI entries as
 * they are mounted, so the docs routes come after every feature's routes.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(httpTracing);
  app.use(httpMetrics);
  app.use(requestContext);
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (_req, res) => String(res.getHeader('x-request-id')),
      // Log the route template, status and duration; never bodies, query strings or headers.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        // swagger-ui needs inline styles; everything else stays default-src 'self'.
        directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  // Identifies the caller (bearer token or API key) for every route below, codec included.
  app.use(authenticate(deps));
  app.use(codecRoutes(deps));
  app.use(express.json({ limit: deps.config.http.bodyLimit }));
  app.use(express.urlencoded({ extended: false, limit: deps.config.http.bodyLimit }));

  app.use(healthRoutes(deps));
  app.use(systemCheckRoutes(deps));
  app.use(authRoutes(deps), credentialRoutes(deps), apiKeyRoutes(deps), registryRoutes(deps), auditRoutes(deps));

  app.use(taskRoutes(deps));
  app.use(appointmentModuleRoutes(deps));
  app.use(messagingRoutes(deps));
  app.use(prescriptionModuleRoutes(deps));
  app.use(labResultRoutes(deps));
  app.use(referralModuleRoutes(deps));
  app.use(recordExportRoutes(deps));
  app.use(docsRoutes(deps));
  app.use(notFoundHandler);
  // Denied reads and writes are audited in their own transaction, then answered like any error.
  app.use(auditDenials(deps.db, deps.logger));
  app.use(problemHandler(deps.logger));
  return app;
}
