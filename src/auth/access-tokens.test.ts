import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { type AccessClaims, signAccessToken, verifyAccessToken } from './access-tokens.js';

const KEY = 'unit-test-signing-key-that-is-long-enough-0001';

describe('access tokens', () => {
  const claims: AccessClaims = { sub: randomUUID(), tid: randomUUID(), role: 'physician', sid: randomUUID(), amr: ['pwd', 'otp'] };

  it('When a token is signed and verified, then the claims come back', async () => {
    const token = await signAccessToken(KEY, claims, 900);
    await expect(verifyAccessToken(KEY, token)).resolves.toMatchObject(claims);
  });

  it('When a token is verified with another key, then it is refused as invalid', async () => {
    const token = await signAccessToken(KEY, claims, 900);
    await expect(verifyAccessToken(`${KEY}-other`, token)).rejects.toMatchObject({ status: 401, code: 'invalid-token' });
  });

  it('When a token has expired, then it is refused as expired', async () => {
    const token = await new SignJWT({ tid: claims.tid, role: claims.role, amr: claims.amr })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(claims.sub)
      .setIssuer('smartclinix')
      .setAudience('smartclinix-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 1000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(KEY));
    await expect(verifyAccessToken(KEY, token)).rejects.toMatchObject({ status: 401, code: 'token-expired' });
  });

  it('When the token names an unknown role, then it is refused', async () => {
    const token = await signAccessToken(KEY, { ...claims, role: 'superuser' as never }, 900);
    await expect(verifyAccessToken(KEY, token)).rejects.toMatchObject({ code: 'invalid-token' });
  });

  it('When the token is unsigned (alg none), then it is refused', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ ...claims, iss: 'smartclinix', aud: 'smartclinix-api', exp: 9e9, iat: 1 })).toString('base64url');
    await expect(verifyAccessToken(KEY, `${header}.${body}.`)).rejects.toMatchObject({ code: 'invalid-token' });
  });
});
