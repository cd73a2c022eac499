import pino, { type Logger } from 'pino';
import { traceIds } from '../observability/tracing.js';

export type { Logger };

/**
 * Fields that may carry PHI or secrets anywhere in a log object. Logs carry IDs, statuses and
 * durations; these paths are a safety net for the day someone logs an object by mistake.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'req.body',
  'res.body',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.totpSecret',
  '*.apiKey',
  '*.phone',
  '*.mobile',
  '*.email',
  '*.name',
  '*.givenName',
  '*.familyName',
  '*.birthDate',
  '*.dateOfBirth',
  '*.mrn',
  '*.address',
  '*.body',
  '*.text',
  '*.html',
  '*.value',
  '*.raw',
  '*.payload',
];

export function createLogger(options: { level: string; name: string; pretty?: boolean }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The active trace and span IDs join every line to its trace.
    mixin: () => traceIds() ?? {},
    ...(options.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } } : {}),
  });
}
