/**
 * Typed SMS failures. Retry policies key on the error names (Temporal's non-retryable error types),
 * so the names are set explicitly. Messages hold provider codes and HTTP statuses only, never the
 * number or the body (Twilio's own messages quote the phone number).
 */

export type PermanentSmsReason = 'invalid-number' | 'opted-out' | 'not-mobile' | 'rejected';

/** Retrying cannot help: the number is invalid or unsubscribed, or the request is wrong. */
export class PermanentSmsError extends Error {
  override readonly name = 'PermanentSmsError';
  readonly optedOut: boolean;
  constructor(
    readonly reason: PermanentSmsReason,
    readonly providerCode: number | undefined,
    readonly httpStatus: number | undefined,
  ) {
    super(`SMS rejected permanently: ${reason} (HTTP ${httpStatus ?? '-'}, code ${providerCode ?? '-'})`);
    this.optedOut = reason === 'opted-out';
  }
}

/**
 * A retry may succeed. `ambiguous` means the provider may already have accepted the message (the
 * connection broke after the request went out, or the provider answered 5xx): look it up with
 * `findByIdempotencyKey` before sending again.
 */
export class TransientSmsError extends Error {
  override readonly name = 'TransientSmsError';
  constructor(
    readonly ambiguous: boolean,
    readonly providerCode: number | undefined,
    readonly httpStatus: number | undefined,
    readonly networkCode?: string,
  ) {
    super(
      `SMS send failed transiently (HTTP ${httpStatus ?? '-'}, code ${providerCode ?? networkCode ?? '-'}` +
        `${ambiguous ? ', may have been sent' : ''})`,
    );
  }
}
