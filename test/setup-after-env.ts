import { randomBytes } from 'node:crypto';
import { Runtime } from '@temporalio/worker';
import { createLogger } from '../src/logging/logger.js';
import { pinoTemporalLogger } from '../src/worker/temporal-logger.js';

// Each test file gets its own task queue, so its workers only run its own workflows.
process.env.TEMPORAL_TASK_QUEUE = `test-${randomBytes(4).toString('hex')}`;

// The SDK's runtime logs through the same sanitising adapter as production, at the test log level.
try {
  Runtime.install({ logger: pinoTemporalLogger(createLogger({ level: process.env.LOG_LEVEL ?? 'silent', name: 'test-worker' }), 'WARN') });
} catch {
  // Already installed in this jest worker process.
}
