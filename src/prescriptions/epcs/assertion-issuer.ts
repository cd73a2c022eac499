import { createHash, createPrivateKey, createPublicKey, type KeyObject, randomUUID, sign } from 'node:crypto';
import {
  ASSERTION_TTL_SECONDS,
  type AssertionVerificationKeys,
  assertionSigningInput,
  encodeClaims,
  formatAssertion,
  type SigningAssertionClaims,
} from './signing-assertion.js';

export interface AssertionIssuer {
  /** The key ID new assertions carry. */
  readonly kid: string;
  /** The public keys a verifier needs (this issuer's only; a rotation lists the retired ones too). */
  verificationKeys(): AssertionVerificationKeys;
  issue(claims: Omit<SigningAssertionClaims, 'jti' | 'issuedAt' | 'expiresAt'>, nowMs?: number): { token: string; claims: SigningAssertionClaims };
}

function rawPublicKeyHex(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url').toString('hex');
}

/**
 * The API's issuer of signing assertions, from an Ed25519 private key (base64 PKCS#8 DER,
 * EPCS_ASSERTION_KEY). The key ID is derived from the public key, so it changes with the key.
 */
export function createAssertionIssuer(privateKeyBase64: string): AssertionIssuer {
  const privateKey = createPrivateKey({ key: Buffer.from(privateKeyBase64, 'base64'), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('EPCS_ASSERTION_KEY must be an Ed25519 key');
  const publicHex = rawPublicKeyHex(privateKey);
  const kid = createHash('sha256').update(publicHex, 'hex').digest('hex').slice(0, 16);
  return {
    kid,
    verificationKeys: () => ({ [kid]: publicHex }),
    issue(partial, nowMs = Date.now()) {
      const issuedAt = Math.floor(nowMs / 1000);
      const claims: SigningAssertionClaims = { ...partial, jti: randomUUID(), issuedAt, expiresAt: issuedAt + ASSERTION_TTL_SECONDS };
      const claimsHex = encodeClaims(claims);
      const signature = sign(null, Buffer.from(assertionSigningInput(kid, claimsHex)), privateKey);
      return { token: formatAssertion(kid, claimsHex, new Uint8Array(signature)), claims };
    },
  };
}
