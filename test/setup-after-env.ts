import { randomBytes } from 'node:crypto';

// Each test file gets its own task queue, so its workers only run its own workflows.
process.env.TEMPORAL_TASK_QUEUE = `test-${randomBytes(4).toString('hex')}`;

// The SDK's runtime logs through the same sanitising adapter as production, at the test log level.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Runtime } = require('@temporalio/worker') as typeof import('@temporalio/worker');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pinoTemporalLogger } = require('../src/worker/temporal-logger.js') as typeof import('../src/worker/temporal-logger.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createLogger } = require('../src/logging/logger.js') as typeof import('../src/logging/logger.js');
try {
  Runtime.install({ logger: pinoTemporalLogger(createLogger({ level: process.env.LOG_LEVEL ?? 'silent', name: 'test-worker' }), 'WARN') });
} catch {
  // Already installed in this jest worker process.
}
