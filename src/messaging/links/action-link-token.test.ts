import { randomUUID } from 'node:crypto';
import { signActionLinkToken, verifyActionLinkToken } from './action-link-token.js';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const claims = { tenantId: randomUUID(), linkId: randomUUID() };
const inAnHour = () => new Date(Date.now() + 3600_000);

describe('action link tokens', () => {
  it('When a token we signed comes back before it expires, then it names its tenant and link', async () => {
    const token = await signActionLinkToken(SECRET, claims, inAnHour());
    await expect(verifyActionLinkToken(SECRET, token)).resolves.toEqual({ state: 'valid', claims });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('When the token has expired, then it is reported expired', async () => {
    const token = await signActionLinkToken(SECRET, claims, new Date(Date.now() - 60_000));
    await expect(verifyActionLinkToken(SECRET, token)).resolves.toEqual({ state: 'expired' });
  });

  it('When the token was signed with another key or altered, then it is invalid', async () => {
    const token = await signActionLinkToken(SECRET, claims, inAnHour());
    await expect(verifyActionLinkToken(`${SECRET}-other`, token)).resolves.toEqual({ state: 'invalid' });
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), tid: randomUUID() })).toString('base64url');
    await expect(verifyActionLinkToken(SECRET, `${header}.${forged}.${signature}`)).resolves.toEqual({ state: 'invalid' });
    await expect(verifyActionLinkToken(SECRET, 'not-a-token')).resolves.toEqual({ state: 'invalid' });
  });
});
