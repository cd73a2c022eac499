import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createBase32Plugin, createCryptoPlugin } from '@otplib/core';
import { generateSync, TOTP, verifySync } from '@otplib/totp';
import { base32Decode, base32Encode } from './base32.js';

/**
 * TOTP (RFC 6238, 30 s, 6 digits, SHA-1: what authenticator apps expect) through otplib, with
 * node:crypto and a local RFC 4648 codec as its plugins. otplib's default plugins are ESM-only
 * packages that the CommonJS test runtime cannot load; these two keep one implementation everywhere.
 */
const crypto = createCryptoPlugin({
  name: 'node',
  hmac: (algorithm, key, data) => new Uint8Array(createHmac(algorithm, key).update(data).digest()),
  randomBytes: (length) => new Uint8Array(randomBytes(length)),
  constantTimeEqual: (a, b) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  },
});
const base32 = createBase32Plugin({ name: 'rfc4648', encode: base32Encode, decode: base32Decode });

/** One step either side absorbs clock drift and typing time; replay is blocked by `afterTimeStep`. */
const TOLERANCE_SECONDS = 30;

export function generateTotpSecret(): string {
  return base32Encode(new Uint8Array(randomBytes(20)));
}

export function totpUri(secret: string, issuer: string, label: string): string {
  return new TOTP({ secret, issuer, label, crypto, base32 }).toURI();
}

/** The current code (or the one for `epochSeconds`): used by demo tooling and tests. */
export function totpCode(secret: string, epochSeconds?: number): string {
  return generateSync({ secret, crypto, base32, ...(epochSeconds === undefined ? {} : { epoch: epochSeconds }) });
}

/**
 * Checks a code. Returns the time step it belongs to, so the caller can store it and refuse the
 * same (or an earlier) code next time, or undefined when the code is wrong or already used.
 */
export function verifyTotp(secret: string, code: string, lastUsedStep?: number | null): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = verifySync({
    secret,
    token: code,
    crypto,
    base32,
    epochTolerance: TOLERANCE_SECONDS,
    ...(lastUsedStep == null ? {} : { afterTimeStep: lastUsedStep }),
  });
  return result.valid ? result.timeStep : undefined;
}
