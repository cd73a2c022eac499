import { type ErrorRequestHandler, type RequestHandler } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { AppError, notFound } from '../../errors/app-error.js';
import { fromDatabaseError } from '../../errors/database-errors.js';
import { type Logger } from '../../logging/logger.js';

const PROBLEM_BASE = 'https://smartclinix.dev/problems/';

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; expose?: boolean };
  // body-parser / express errors: malformed JSON, too large, unsupported charset.
  if (e?.type === 'entity.parse.failed') return new AppError(400, 'malformed-body', 'Malformed body', 'The request body could not be parsed.');
  if (e?.type === 'entity.too.large') return new AppError(413, 'payload-too-large', 'Payload too large', 'The request body is too large.');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    return new AppError(e.status, 'bad-request', 'Bad request', 'The request could not be processed.');
  }
  if (err instanceof WorkflowNotFoundError) return notFound('Workflow');
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new AppError(409, 'conflict', 'Conflict', 'This case is already running.');
  return fromDatabaseError(err);
}

/**
 * The one error handler: every failure becomes RFC 9457 application/problem+json. Unknown errors
 * get a bare 500 with the request ID, and are logged with that ID (never with bodies or PHI).
 */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const requestId = String(res.getHeader('x-request-id') ?? '');
    const appError = toAppError(err);
    const problem = appError
      ? {
          // Extensions first, so none can overwrite a standard member (type, status, …).
          ...appError.extras,
          type: PROBLEM_BASE + appError.code,
          title: appError.title,
          status: appError.status,
          detail: appError.detail,
          instance: req.originalUrl.split('?')[0],
          requestId,
        }
      : { type: PROBLEM_BASE + 'internal', title: 'Internal server error', status: 500, requestId };
    if (!appError || appError.status >= 500) {
      // Error messages can echo values (a driver error quoting input), so only the type, a code and the
      // stack frames are logged; the request ID ties the log line to the client's report.
      const e = err as { name?: string; code?: string; stack?: string };
      logger.error({ requestId, err: { type: e?.name, code: e?.code, frames: e?.stack?.split('\n').slice(1, 12).join('\n') } }, 'request failed');
    }
    const retryAfter = appError?.extras.retryAfter;
    if (problem.status === 429 && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    if (res.headersSent) return;
    res.status(problem.status).type('application/problem+json').json(problem);
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not-found', 'Not found', `No route for ${req.method} ${req.path}.`));
};
