import { AppError, tooManyRequests } from '../errors/app-error.js';

/** The one answer for a wrong tenant, e-mail, password or code: it never says which. */
export const invalidCredentials = () => new AppError(401, 'invalid-credentials', 'Unauthorized', 'The credentials are not valid.');

export const mfaCodeRequired = () =>
  new AppError(401, 'mfa-required', 'Unauthorized', 'A one-time code from your authenticator app is required.');

export const loginLocked = (retryAfterSeconds: number) =>
  tooManyRequests('Too many failed sign-in attempts. Try again later.', retryAfterSeconds);

export const sessionEnded = () => new AppError(401, 'session-ended', 'Unauthorized', 'The session has ended. Sign in again.');

export const sessionIdle = () =>
  new AppError(401, 'session-expired', 'Unauthorized', 'The session ended after a period of inactivity. Sign in again.');

export const invalidRefreshToken = () => new AppError(401, 'invalid-refresh-token', 'Unauthorized', 'The refresh token is not valid.');
