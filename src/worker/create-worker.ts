import { type NativeConnection, Worker } from '@temporalio/worker';
import { type Config } from '../config/config.js';
import { type Activities } from '../activities/index.js';
import { createDataConverter } from '../temporal/data-converter.js';
import { WORKFLOWS_PATH } from './workflow-bundle.js';

export interface CreateWorkerOptions {
  config: Config;
  connection: NativeConnection;
  activities: Activities;
  /** A prebuilt bundle (production, tests). Without it the worker bundles at start (development). */
  workflowBundle?: { code: string } | { codePath: string };
  taskQueue?: string;
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const { config } = opts;
  return Worker.create({
    connection: opts.connection,
    namespace: config.temporal.namespace,
    taskQueue: opts.taskQueue ?? config.temporal.taskQueue,
    activities: opts.activities,
    dataConverter: createDataConverter(config.payloadKeys),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    // Graceful shutdown gives running activities this long to finish before they are cancelled.
    shutdownGraceTime: '20 seconds',
  });
}
