import { generateKeyPairSync } from 'node:crypto';
import { createAssertionIssuer } from './assertion-issuer.js';
import { encodeClaims, verifySigningAssertion } from './signing-assertion.js';

const newKey = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');

const claims = {
  tenantId: 't-1',
  prescriptionId: 'rx-1',
  userId: 'u-1',
  practitionerId: 'p-1',
  prescriber: true,
  deaRegistered: true,
  factors: ['otp' as const],
  deaSchedule: 'II' as const,
  contentDigest: 'a'.repeat(64),
};

describe('signing assertions', () => {
  const issuer = createAssertionIssuer(newKey());
  const now = Date.UTC(2026, 10, 26, 12, 0, 0);

  it('When an issued assertion is verified with the issuer public key before it expires, then its claims come back', () => {
    const { token } = issuer.issue(claims, now);
    const result = verifySigningAssertion(token, issuer.verificationKeys(), now + 60_000);
    expect(result).toMatchObject({ ok: true, claims: { ...claims, issuedAt: now / 1000, expiresAt: now / 1000 + 120 } });
  });

  it('When the assertion is verified after its lifetime, then it is rejected as expired', () => {
    const { token } = issuer.issue(claims, now);
    expect(verifySigningAssertion(token, issuer.verificationKeys(), now + 121_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('When a claim is changed after signing, then the signature no longer verifies', () => {
    const { token, claims: issued } = issuer.issue(claims, now);
    const [v, kid, , sig] = token.split('.');
    const forged = [v, kid, encodeClaims({ ...issued, deaRegistered: true, userId: 'u-2' }), sig].join('.');
    expect(verifySigningAssertion(forged, issuer.verificationKeys(), now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('When the assertion was signed by a key the verifier does not know, then it is rejected', () => {
    const other = createAssertionIssuer(newKey());
    const { token } = other.issue(claims, now);
    expect(verifySigningAssertion(token, issuer.verificationKeys(), now)).toEqual({ ok: false, reason: 'unknown-key' });
    // Same key ID presented with another key's signature.
    const [v, , body, sig] = token.split('.');
    expect(verifySigningAssertion([v, issuer.kid, body, sig].join('.'), issuer.verificationKeys(), now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('When the token is not in the assertion format, then it is rejected as malformed', () => {
    for (const token of ['', 'v1.a.b', 'v2.k.00.00', `v1.${issuer.kid}.zz.${'0'.repeat(128)}`]) {
      expect(verifySigningAssertion(token, issuer.verificationKeys(), now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('When two assertions are issued for the same claims, then each has its own ID', () => {
    expect(issuer.issue(claims, now).claims.jti).not.toBe(issuer.issue(claims, now).claims.jti);
  });
});
