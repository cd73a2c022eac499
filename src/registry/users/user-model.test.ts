import { User } from './user-model.js';

describe('User model', () => {
  it('When a user row holding credentials becomes a record, then the password hash and TOTP secret are left out', () => {
    const user = User.fromDatabaseJson({ id: 'u1', email: 'a@example.test', password_hash: 'hash', mfa_secret_encrypted: 'sealed', mfa_last_used_step: '42', mfa_enabled: true });
    expect(user.toRecord()).toEqual({ id: 'u1', email: 'a@example.test', mfaEnabled: true });
    expect(user.passwordHash).toBe('hash');
  });
});
