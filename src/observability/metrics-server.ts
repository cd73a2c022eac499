import { createServer, type Server } from 'node:http';
import { metricsRegistry } from './metrics.js';

/**
 * Serves /metrics (and /healthz, the worker's liveness probe) on its own port, so it can be bound
 * to an internal interface and kept off the public API listener.
 */
export async function startMetricsServer(port: number, host: string, healthy: () => boolean = () => true): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      metricsRegistry
        .metrics()
        .then((body) => {
          res.writeHead(200, { 'content-type': metricsRegistry.contentType });
          res.end(body);
        })
        .catch(() => {
          res.writeHead(500).end();
        });
    } else if (req.url === '/healthz') {
      const ok = healthy();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'unhealthy' }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}
