import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { type MessagingActivityDeps, createMessagingActivities } from '../../../src/activities/messaging.js';
import { type Config } from '../../../src/config/config.js';
import { createDataConverter, FAILURE_CONVERTER_PATH } from '../../../src/temporal/data-converter.js';

const quiet = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m), log: () => undefined };

/** The test workflow bundled once per test file (webpack: a few seconds). */
export async function bundleMessageTestWorkflow(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./message-workflow'), failureConverterPath: FAILURE_CONVERTER_PATH, logger: quiet });
  return code;
}

export interface RunningWorker {
  stop(): Promise<void>;
}

/** A worker with the messaging activities only, on its own task queue. */
export async function runMessageWorker(
  config: Config,
  options: { bundle: { code: string } | { codePath: string }; taskQueue: string; deps: MessagingActivityDeps },
): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue,
    activities: createMessagingActivities(options.deps),
    dataConverter: createDataConverter(config.payloadKeys),
    workflowBundle: options.bundle,
    shutdownGraceTime: '1 second',
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
