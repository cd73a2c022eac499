import { deniedWith } from '../../audit/denials.js';
import { AppError } from '../../errors/app-error.js';

const FORBIDDEN: Record<string, string> = {
  'not-a-prescriber': 'Only a licensed prescriber with prescribing rights may sign.',
  'dea-registration-required': 'Signing a controlled substance needs a DEA registration on record.',
  'second-factor-required': 'Signing a controlled substance needs a fresh authenticator code (totpCode) in the same request.',
  'invalid-second-factor': 'The authenticator code is wrong or was already used.',
  'signing-assertion-required': 'This decision needs a signing assertion; use POST /api/v1/prescriptions/{id}/approve.',
  'signing-assertion-invalid': 'The signing assertion is invalid or expired; sign again.',
  'signing-assertion-mismatch': 'The signing assertion is for another signer or request.',
  'signer-not-authorized': 'The signer may no longer sign this prescription.',
};

const INVALID: Record<string, string> = {
  'override-reason-required': 'A high-severity finding needs an explicit override reason.',
  'deny-reason-required': 'A denial needs a reason for the requester.',
  'changes-required': 'A modification needs at least one changed field.',
  'invalid-changes': 'The changes are not valid.',
  'invalid-order': 'The prescription with these changes cannot be signed (e.g. refills on a Schedule II drug).',
  'protocol-not-applicable': 'Only a routine, non-controlled refill without findings is approved under protocol.',
};

/**
 * The problem for a refused signing decision: 403 for who may sign (audited as a denial), 422 for
 * what must be given, 409 when the request changed under the signer.
 */
export function decisionRefused(reason: string, audit: { entityId: string; patientId: string }, extras: Record<string, unknown> = {}): AppError {
  if (reason in FORBIDDEN) {
    return deniedWith(new AppError(403, reason, 'Forbidden', FORBIDDEN[reason], { reason }), { action: 'sign', entityType: 'Prescription', reason, ...audit });
  }
  if (reason in INVALID) return new AppError(422, reason, 'Decision refused', INVALID[reason], { reason, ...extras });
  if (reason === 'signed-content-changed') return new AppError(409, reason, 'Conflict', 'The prescription changed while it was being signed; review it and sign again.', { reason });
  return new AppError(503, 'decision-not-applied', 'Service unavailable', 'The decision could not be applied; the request is back in the signer’s queue.', { reason });
}
