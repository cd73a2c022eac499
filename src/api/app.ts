import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { type AppDeps } from './app-deps.js';
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
  app.use(codecRoutes(deps));
  app.use(express.json({ limit: deps.config.http.bodyLimit }));
  app.use(express.urlencoded({ extended: false, limit: deps.config.http.bodyLimit }));

  app.use(healthRoutes(deps));
  app.use(systemCheckRoutes(deps));

  app.use(docsRoutes(deps));
  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
