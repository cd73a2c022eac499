import { createHash, randomBytes } from 'node:crypto';

/**
 * Opaque bearer secrets (refresh tokens, API keys): `<prefix>_<tenant>_<secret>`.
 * The tenant ID is embedded so the server can open a tenant-scoped transaction (row-level security)
 * before looking the token up; the 256-bit secret is what makes it unguessable. Only the SHA-256
 * digest is stored: with that much entropy a fast hash is enough, and lookup stays an index probe.
 */
export type OpaqueTokenKind = 'scxr' | 'scxk';

const UUID_HEX = /^[0-9a-f]{32}$/;
const SECRET_HEX = /^[0-9a-f]{64}$/;

export function mintOpaqueToken(kind: OpaqueTokenKind, tenantId: string): string {
  return `${kind}_${tenantId.replace(/-/g, '')}_${randomBytes(32).toString('hex')}`;
}

/** The tenant ID the token claims, or undefined when the token is not of this kind or malformed. */
export function tenantOfOpaqueToken(kind: OpaqueTokenKind, token: string): string | undefined {
  const [prefix, tenantHex, secret, ...rest] = token.split('_');
  if (prefix !== kind || rest.length > 0 || !tenantHex || !secret) return undefined;
  if (!UUID_HEX.test(tenantHex) || !SECRET_HEX.test(secret)) return undefined;
  return `${tenantHex.slice(0, 8)}-${tenantHex.slice(8, 12)}-${tenantHex.slice(12, 16)}-${tenantHex.slice(16, 20)}-${tenantHex.slice(20)}`;
}

export function digestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
