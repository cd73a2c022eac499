import { hashPassword, needsRehash, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('When a password is hashed, then the hash is argon2id and verifies only that password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$/);
    await expect(verifyPassword(hash, 'correct horse battery')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'correct horse battery!')).resolves.toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('When there is no stored hash, then verification fails (after spending the same work)', async () => {
    await expect(verifyPassword(null, 'anything-at-all')).resolves.toBe(false);
  });

  it('When the stored hash is malformed, then verification fails instead of throwing', async () => {
    await expect(verifyPassword('not-a-hash', 'anything-at-all')).resolves.toBe(false);
  });
});
