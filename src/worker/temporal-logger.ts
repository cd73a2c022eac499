import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { type Logger } from '../logging/logger.js';

/**
 * Routes the SDK's logs (workflow `log`, activity `log`, core) into pino. The SDK adds workflow
 * and activity IDs to the metadata; bodies never reach these logs because workflows carry IDs only.
 */
export function pinoTemporalLogger(logger: Logger): DefaultLogger {
  return new DefaultLogger('INFO', (entry: LogEntry) => {
    const level = entry.level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
    logger[level]({ ...entry.meta }, entry.message);
  });
}
