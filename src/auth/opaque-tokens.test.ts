import { randomUUID } from 'node:crypto';
import { digestToken, mintOpaqueToken, tenantOfOpaqueToken } from './opaque-tokens.js';

describe('opaque tokens', () => {
  const tenantId = randomUUID();

  it('When a token is minted, then its tenant can be read back and its digest is stable', () => {
    const token = mintOpaqueToken('scxr', tenantId);
    expect(tenantOfOpaqueToken('scxr', token)).toBe(tenantId);
    expect(digestToken(token)).toBe(digestToken(token));
    expect(digestToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('When two tokens are minted for one tenant, then they differ', () => {
    expect(mintOpaqueToken('scxk', tenantId)).not.toBe(mintOpaqueToken('scxk', tenantId));
  });

  it('When a refresh token is presented as an API key, then it is not recognised', () => {
    expect(tenantOfOpaqueToken('scxk', mintOpaqueToken('scxr', tenantId))).toBeUndefined();
  });

  it.each(['', 'scxk', 'scxk_abc_def', `scxk_${'g'.repeat(32)}_${'a'.repeat(64)}`, `scxk_${'a'.repeat(32)}_${'a'.repeat(63)}`, `scxk_${'a'.repeat(32)}_${'a'.repeat(64)}_x`])(
    'When the token is malformed (%j), then no tenant is returned',
    (token) => {
      expect(tenantOfOpaqueToken('scxk', token)).toBeUndefined();
    },
  );
});
