/**
 * The one error taxonomy. Every failure a client may see is an AppError; the API's error handler
 * turns it into RFC 9457 problem+json. Messages are written for clients and never carry PHI.
 */
export interface ProblemExtras {
  /** Field-level validation errors: a JSON pointer and a message, never the rejected value. */
  errors?: { pointer: string; detail: string }[];
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail ?? title);
    this.name = 'AppError';
  }

  get detail(): string {
    return this.message;
  }
}

export const badRequest = (detail: string, extras?: ProblemExtras) => new AppError(400, 'bad-request', 'Bad request', detail, extras);
export const validationFailed = (errors: { pointer: string; detail: string }[], detail = 'The request is not valid.') =>
  new AppError(422, 'validation-failed', 'Validation failed', detail, { errors });
export const unauthorized = (detail = 'Authentication is required.') => new AppError(401, 'unauthorized', 'Unauthorized', detail);
export const forbidden = (detail = 'You are not allowed to do this.') => new AppError(403, 'forbidden', 'Forbidden', detail);
/** Also what a caller gets for a record they may not see: its existence is not revealed. */
export const notFound = (entity = 'Resource') => new AppError(404, 'not-found', 'Not found', `${entity} not found.`);
export const conflict = (detail: string, extras?: ProblemExtras) => new AppError(409, 'conflict', 'Conflict', detail, extras);
export const tooManyRequests = (detail: string, retryAfterSeconds?: number) =>
  new AppError(429, 'too-many-requests', 'Too many requests', detail, retryAfterSeconds ? { retryAfter: retryAfterSeconds } : {});
export const serviceUnavailable = (detail: string) => new AppError(503, 'service-unavailable', 'Service unavailable', detail);
