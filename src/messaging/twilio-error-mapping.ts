/**
 * Maps what the twilio SDK throws to our typed SMS errors.
 *
 * The SDK throws a RestException for any non-2xx answer (status + Twilio error code), and passes
 * through axios errors for network failures (`code` such as ECONNRESET, no `response`).
 */
import twilio from 'twilio';
import { type PermanentSmsReason, PermanentSmsError, TransientSmsError } from './sms-errors.js';

const PERMANENT_CODES: Readonly<Record<number, PermanentSmsReason>> = {
  21211: 'invalid-number', // 'To' number is not a valid phone number
  21610: 'opted-out', // recipient replied STOP to this sender
  21614: 'not-mobile', // 'To' number is not a valid mobile number
};

// The request never left this host, so the message cannot have been created.
const NOT_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL']);

interface NetworkError {
  isAxiosError: true;
  code?: string;
  response?: unknown;
}

function isNetworkError(error: unknown): error is NetworkError {
  return typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;
}

/** The typed error for `error`, or `error` itself when it is not a provider or network failure. */
export function mapTwilioError(error: unknown): unknown {
  if (error instanceof twilio.RestException) {
    const status = error.status;
    const code = typeof error.code === 'number' ? error.code : undefined;
    if (status === 429) return new TransientSmsError(false, code, status);
    if (status >= 500) return new TransientSmsError(true, code, status);
    const reason = (code !== undefined ? PERMANENT_CODES[code] : undefined) ?? 'rejected';
    return new PermanentSmsError(reason, code, status);
  }
  if (isNetworkError(error) && error.response === undefined) {
    const networkCode = error.code ?? 'UNKNOWN';
    return new TransientSmsError(!NOT_SENT_NETWORK_CODES.has(networkCode), undefined, undefined, networkCode);
  }
  return error;
}
