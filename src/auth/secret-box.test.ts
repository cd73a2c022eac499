import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret } from './secret-box.js';

describe('secret box', () => {
  const key = randomBytes(32).toString('base64');

  it('When a secret is sealed and opened for the same owner, then the plaintext comes back', () => {
    const sealed = sealSecret(key, 'JBSWY3DPEHPK3PXP', 'user-1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(key, sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('When the same secret is sealed twice, then the ciphertexts differ (fresh IV)', () => {
    expect(sealSecret(key, 's', 'u')).not.toBe(sealSecret(key, 's', 'u'));
  });

  it('When a sealed secret is opened for another owner, then it throws', () => {
    const sealed = sealSecret(key, 'secret', 'user-1');
    expect(() => openSecret(key, sealed, 'user-2')).toThrow();
  });

  it('When a sealed secret is opened under another key, then it throws', () => {
    const sealed = sealSecret(key, 'secret', 'user-1');
    expect(() => openSecret(randomBytes(32).toString('base64'), sealed, 'user-1')).toThrow();
  });

  it('When the ciphertext is altered, then it throws', () => {
    const parts = sealSecret(key, 'secret', 'user-1').split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => openSecret(key, parts.join('.'), 'user-1')).toThrow();
  });
});
