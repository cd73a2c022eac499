import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../temporal/data-converter.js';

/** Path of the module exporting every workflow. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

/** Workflow interceptors are part of the bundle: they propagate trace context through workflows. */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

/**
 * Bundles workflow code for the deterministic sandbox. Production and the test suite build it once
 * (npm run build / jest global setup) and hand the bundle to every worker.
 */
export async function buildWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m) => console.warn(m), error: (m) => console.error(m), log: () => undefined },
  });
}
