/**
 * Tokens of patient action links: an HS256 JWT (jose) keyed by ACTION_LINK_SECRET, holding the tenant
 * and the link's ID and an expiry, nothing about the patient. Single use is the database's job
 * (`message_action_links.used_at`); the signature only proves we minted it.
 */
import { errors, jwtVerify, SignJWT } from 'jose';

const ISSUER = 'smartclinix';
const AUDIENCE = 'smartclinix-action-link';

export interface ActionLinkClaims {
  tenantId: string;
  linkId: string;
}

export type VerifiedActionLink = { state: 'valid'; claims: ActionLinkClaims } | { state: 'expired' | 'invalid' };

const key = (secret: string) => new TextEncoder().encode(secret);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function signActionLinkToken(secret: string, claims: ActionLinkClaims, expiresAt: Date): Promise<string> {
  return new SignJWT({ tid: claims.tenantId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.linkId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(secret));
}

export async function verifyActionLinkToken(secret: string, token: string): Promise<VerifiedActionLink> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp', 'sub'] });
    const tenantId = payload.tid;
    const linkId = payload.sub;
    if (typeof tenantId !== 'string' || !UUID.test(tenantId) || !linkId || !UUID.test(linkId)) return { state: 'invalid' };
    return { state: 'valid', claims: { tenantId, linkId } };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { state: 'expired' };
    return { state: 'invalid' };
  }
}
