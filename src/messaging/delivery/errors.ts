/**
 * Typed failures of the send use case. Names are set explicitly because Temporal retry policies key
 * on them (see MESSAGING_ACTIVITY_OPTIONS); messages name kinds and codes, never a person or address.
 */

/** The request itself is wrong (unknown template, malformed reply window): no retry can fix it. */
export class InvalidMessageRequestError extends Error {
  override readonly name = 'InvalidMessageRequestError';
}

export class RecipientNotFoundError extends Error {
  override readonly name = 'MessageRecipientNotFoundError';
  constructor(readonly recipientType: 'patient' | 'user') {
    super(`Message recipient (${recipientType}) not found in the tenant`);
  }
}

/** The idempotency key was used before for a different message: a caller bug, never retried. */
export class IdempotencyKeyConflictError extends Error {
  override readonly name = 'MessageKeyConflictError';
  constructor() {
    super('This idempotency key was already used for a different message');
  }
}

/** Another attempt holds the message right now (it is talking to the provider); retry later. */
export class DeliveryInProgressError extends Error {
  override readonly name = 'MessageDeliveryInProgressError';
  constructor() {
    super('Another attempt is delivering this message');
  }
}

/** The provider refused the message for good and no other channel may be used. */
export class MessageUndeliverableError extends Error {
  override readonly name = 'MessageUndeliverableError';
  constructor(
    readonly channel: 'sms' | 'email',
    readonly code: string | undefined,
  ) {
    super(`The ${channel} provider refused the message permanently (code ${code ?? '-'})`);
  }
}
