import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { type Config } from '../config/config.js';
import { type Activities } from '../activities/index.js';
import { type TracingHandle } from '../observability/tracing.js';
import { createDataConverter } from '../temporal/data-converter.js';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from './workflow-bundle.js';

export interface CreateWorkerOptions {
  config: Config;
  connection: NativeConnection;
  activities: Activities;
  /** Workflow spans are exported through this (a no-op processor when tracing is off). */
  tracing: TracingHandle;
  /** A prebuilt bundle (production, tests). Without it the worker bundles at start (development). */
  workflowBundle?: { code: string } | { codePath: string };
  taskQueue?: string;
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const { config, tracing } = opts;
  return Worker.create({
    connection: opts.connection,
    namespace: config.temporal.namespace,
    taskQueue: opts.taskQueue ?? config.temporal.taskQueue,
    activities: opts.activities,
    dataConverter: createDataConverter(config.payloadKeys),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    interceptors: {
      workflowModules: WORKFLOW_INTERCEPTOR_MODULES,
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
    // Appointment and referral workflows sleep for days: cap the cache (≈ 1.7 MB per cached appointment
    // workflow measured) and let the rest replay their short histories when a timer wakes them.
    maxCachedWorkflows: config.temporal.maxCachedWorkflows,
    // Graceful shutdown gives running activities this long to finish before they are cancelled.
    shutdownGraceTime: '20 seconds',
  });
}
