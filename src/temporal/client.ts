import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { type Config } from '../config/config.js';
import { createDataConverter } from './data-converter.js';
import { temporalTls } from './tls.js';

/**
 * One connection and one client per process (never one per request). The client shares the
 * data converter with the worker, so what it sends is encrypted before it leaves the process.
 */
export async function createTemporalClient(config: Config): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: config.temporal.address, tls: temporalTls(config) });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: createDataConverter(config.payloadKeys),
    // Carries the caller's trace context into workflow headers (a no-op while tracing is off).
    interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
  });
  return { client, connection };
}
