import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { type Logger } from '../logging/logger.js';

/**
 * The SDK attaches the thrown error to warnings such as "Activity failed"; an error message can
 * echo input (PHI), so only its class name is kept. The full failure stays in Temporal, encrypted.
 */
export function sanitizeSdkMeta(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!meta) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (key === 'taskToken') continue;
    out[key] = value instanceof Error ? { errorType: value.name } : value;
  }
  return out;
}

/**
 * Routes the SDK's logs (workflow `log`, activity `log`, core) into pino, with workflow and
 * activity IDs from the SDK's metadata and without error messages.
 */
export function pinoTemporalLogger(logger: Logger, level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO'): DefaultLogger {
  return new DefaultLogger(level, (entry: LogEntry) => {
    const pinoLevel = entry.level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
    logger[pinoLevel](sanitizeSdkMeta(entry.meta), entry.message);
  });
}
