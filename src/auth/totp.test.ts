import { generateTotpSecret, totpCode, totpUri, verifyTotp } from './totp.js';

describe('TOTP', () => {
  const secret = generateTotpSecret();
  const now = Math.floor(Date.now() / 1000);

  it('When the current code is checked, then it is accepted and its time step returned', () => {
    expect(verifyTotp(secret, totpCode(secret, now))).toBe(Math.floor(now / 30));
  });

  it('When a code from another secret is checked, then it is refused', () => {
    expect(verifyTotp(generateTotpSecret(), totpCode(secret, now))).toBeUndefined();
  });

  it('When a code is replayed after its step was used, then it is refused', () => {
    const step = verifyTotp(secret, totpCode(secret, now));
    expect(verifyTotp(secret, totpCode(secret, now), step)).toBeUndefined();
  });

  it('When the next step’s code arrives within the drift window, then it is accepted after the current one', () => {
    const step = verifyTotp(secret, totpCode(secret, now))!;
    expect(verifyTotp(secret, totpCode(secret, now + 30), step)).toBe(step + 1);
  });

  it('When a code is two minutes old, then it is refused', () => {
    expect(verifyTotp(secret, totpCode(secret, now - 120))).toBeUndefined();
  });

  it('When the code is not six digits, then it is refused without computing', () => {
    expect(verifyTotp(secret, 'abcdef')).toBeUndefined();
  });

  it('When the RFC 6238 SHA-1 vector is computed, then the code matches', () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T=59 → 94287082 (8 digits); 6-digit suffix.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(rfcSecret, 59)).toBe('287082');
  });

  it('When an enrolment URI is built, then it is an otpauth TOTP URI carrying the secret', () => {
    const uri = totpUri(secret, 'SmartClinix', 'user-1');
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
  });
});
