/**
 * The signing assertion: a short-lived statement, signed by the API with an Ed25519 key, that a
 * given user may sign a given prescription's content now. The API issues it after checking the
 * signer's prescribing rights and DEA registration in the database and, for a controlled drug, a
 * fresh TOTP code typed in the same request. The workflow's update validator verifies it with the
 * public key alone, so neither a secret nor a database read is needed inside the workflow.
 *
 * Pure (no Node built-ins): this module runs inside the workflow sandbox.
 */
import { ed25519 } from '@noble/curves/ed25519';
import { bytesToHex, bytesToUtf8, hexToBytes, utf8ToBytes } from '@noble/curves/utils';

export const ASSERTION_VERSION = 'v1';
/** Long enough to reach the workflow, short enough that a captured assertion is soon useless. */
export const ASSERTION_TTL_SECONDS = 120;

export interface SigningAssertionClaims {
  /** Unique: the signature records it, so one assertion signs once. */
  jti: string;
  tenantId: string;
  prescriptionId: string;
  /** The signing user and their practitioner record. */
  userId: string;
  practitionerId: string;
  /** Licensed prescriber with prescribing rights who needs no supervising signature. */
  prescriber: boolean;
  /** A DEA registration is on record for the signer. */
  deaRegistered: boolean;
  /** 'otp' when a fresh TOTP code was verified server-side in the signing request. */
  factors: 'otp'[];
  /** The DEA schedule of the drug as the API saw it (null: not controlled). */
  deaSchedule: 'II' | 'III' | 'IV' | 'V' | null;
  /** signedContentDigest of exactly what is being signed. */
  contentDigest: string;
  issuedAt: number;
  expiresAt: number;
}

export type AssertionRejection = 'malformed' | 'unknown-key' | 'bad-signature' | 'expired';

/** Key ID → raw Ed25519 public key (hex). Several keys let the issuing key rotate. */
export type AssertionVerificationKeys = Record<string, string>;

/** What is signed: a domain-separated string over the key ID and the encoded claims. */
export function assertionSigningInput(kid: string, claimsHex: string): Uint8Array {
  return utf8ToBytes(`scx-signing-assertion.${ASSERTION_VERSION}.${kid}.${claimsHex}`);
}

export function encodeClaims(claims: SigningAssertionClaims): string {
  return bytesToHex(utf8ToBytes(JSON.stringify(claims)));
}

export function formatAssertion(kid: string, claimsHex: string, signature: Uint8Array): string {
  return [ASSERTION_VERSION, kid, claimsHex, bytesToHex(signature)].join('.');
}

function isClaims(value: unknown): value is SigningAssertionClaims {
  const c = value as Partial<SigningAssertionClaims> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    ['jti', 'tenantId', 'prescriptionId', 'userId', 'practitionerId', 'contentDigest'].every((k) => typeof c[k as keyof SigningAssertionClaims] === 'string') &&
    typeof c.prescriber === 'boolean' &&
    typeof c.deaRegistered === 'boolean' &&
    Array.isArray(c.factors) &&
    (c.deaSchedule === null || ['II', 'III', 'IV', 'V'].includes(c.deaSchedule as string)) &&
    typeof c.issuedAt === 'number' &&
    typeof c.expiresAt === 'number'
  );
}

/**
 * Verifies an assertion: known key, valid Ed25519 signature (RFC 8032 strict), not expired at
 * `nowMs`. Deterministic for a given `nowMs`, so it is safe in a workflow update validator.
 * `nowMs: null` skips the expiry check: for re-verifying, after the fact, an assertion a validator
 * already accepted in time.
 */
export function verifySigningAssertion(
  token: string,
  keys: AssertionVerificationKeys,
  nowMs: number | null,
): { ok: true; claims: SigningAssertionClaims } | { ok: false; reason: AssertionRejection } {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== ASSERTION_VERSION) return { ok: false, reason: 'malformed' };
  const [, kid, claimsHex, signatureHex] = parts as [string, string, string, string];
  if (!/^([0-9a-f]{2})+$/.test(claimsHex) || !/^[0-9a-f]{128}$/.test(signatureHex)) return { ok: false, reason: 'malformed' };
  const publicKey = Object.hasOwn(keys, kid) ? keys[kid] : undefined;
  if (!publicKey) return { ok: false, reason: 'unknown-key' };
  let valid: boolean;
  try {
    valid = ed25519.verify(hexToBytes(signatureHex), assertionSigningInput(kid, claimsHex), hexToBytes(publicKey), { zip215: false });
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad-signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(bytesToUtf8(hexToBytes(claimsHex)));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  if (nowMs !== null && claims.expiresAt * 1000 < nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
