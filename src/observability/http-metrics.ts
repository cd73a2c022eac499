import { type RequestHandler } from 'express';
import { httpRequestDuration } from './metrics.js';

/**
 * Records each request under its route template (`/api/v1/patients/:id`), never the raw path,
 * so IDs cannot leak into labels and cardinality stays bounded.
 */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const stop = httpRequestDuration.startTimer({ method: req.method });
  res.once('finish', () => {
    const template = req.route ? `${req.baseUrl}${(req.route as { path: string }).path}` : 'unmatched';
    stop({ route: template, status_code: String(res.statusCode) });
  });
  next();
};
