/**
 * SMART Backend Services (HL7 SMART App Launch 2.x, "backend services"): how SmartClinix, a system
 * with no user at the keyboard, gets an access token for a pharmacy's FHIR endpoint. We sign a short
 * JWT about ourselves (iss = sub = our client ID there, aud = their token URL, a fresh jti, 5 minutes)
 * with PHARMACY_CLIENT_KEY (EC P-384, ES384) and exchange it for a bearer token with the
 * `client_credentials` grant. The pharmacy trusts our public key, which we publish as a JWK Set
 * (`GET /api/v1/pharmacy-client/jwks.json`); it never sees a shared secret.
 *
 * Tokens are cached per (token URL, client ID, scope) until a minute before they expire. A token
 * endpoint that cannot be reached or answers 5xx/429 is transient (the transmission is retried);
 * one that refuses us (400/401: unknown client, bad key, scope not granted) is permanent until
 * someone fixes the registration, so the prescription goes to the prescriber's team.
 */
import { createPrivateKey, createPublicKey, type KeyObject, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, type JWK, SignJWT } from 'jose';
import { PharmacyRejectedError, PharmacyUnavailableError } from './pharmacy-adapter.js';

export const DEFAULT_PHARMACY_SCOPE = 'system/MedicationRequest.c';
const ALG = 'ES384';
const ASSERTION_TTL_SECONDS = 300;
/** A cached token is not used within this long of its expiry. */
const EXPIRY_MARGIN_MS = 60_000;
const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

export interface PharmacyClientRegistration {
  tokenUrl: string;
  clientId: string;
  scope: string | null;
}

export interface SmartClientKey {
  privateKey: KeyObject;
  /** The public half as a JWK, with `kid`, `alg` and `use` (what the JWK Set publishes). */
  publicJwk: JWK;
}

/** Our client key from PHARMACY_CLIENT_KEY (base64 PKCS#8 DER, EC P-384); its key ID is the JWK thumbprint. */
export async function loadSmartClientKey(base64Der: string): Promise<SmartClientKey> {
  const privateKey = createPrivateKey({ key: Buffer.from(base64Der, 'base64'), format: 'der', type: 'pkcs8' });
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'secp384r1') {
    throw new Error('PHARMACY_CLIENT_KEY must be an EC P-384 key');
  }
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { privateKey, publicJwk: { ...jwk, kid, alg: ALG, use: 'sig' } };
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

export interface SmartBackendAuthOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

const cacheKeyOf = (registration: PharmacyClientRegistration) => JSON.stringify([registration.tokenUrl, registration.clientId, registration.scope]);

export class SmartBackendAuth {
  private readonly cache = new Map<string, CachedToken>();
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  /** `key` may still be loading (loadSmartClientKey is asynchronous); it is awaited at first use. */
  constructor(
    private readonly key: SmartClientKey | Promise<SmartClientKey>,
    options: SmartBackendAuthOptions = {},
  ) {
    this.fetchFn = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  /** A bearer token for this registration: the cached one while it is fresh, else a new one. */
  async accessToken(registration: PharmacyClientRegistration): Promise<string> {
    const cached = this.cache.get(cacheKeyOf(registration));
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > this.now()) return cached.accessToken;
    const token = await this.requestToken(registration);
    this.cache.set(cacheKeyOf(registration), token);
    return token.accessToken;
  }

  /** Forgets the cached token (the pharmacy answered 401 to it: revoked, or its clock disagrees). */
  invalidate(registration: PharmacyClientRegistration): void {
    this.cache.delete(cacheKeyOf(registration));
  }

  private async clientAssertion(registration: PharmacyClientRegistration): Promise<string> {
    const key = await this.key;
    const issuedAt = Math.floor(this.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: ALG, kid: key.publicJwk.kid!, typ: 'JWT' })
      .setIssuer(registration.clientId)
      .setSubject(registration.clientId)
      .setAudience(registration.tokenUrl)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_TTL_SECONDS)
      .sign(key.privateKey);
  }

  private async requestToken(registration: PharmacyClientRegistration): Promise<CachedToken> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: registration.scope ?? DEFAULT_PHARMACY_SCOPE,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await this.clientAssertion(registration),
    });
    let response: Response;
    try {
      response = await this.fetchFn(registration.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new PharmacyUnavailableError((err as Error)?.name === 'TimeoutError' ? 'token-timeout' : 'token-network-error');
    }
    const body = (await response.json().catch(() => undefined)) as { access_token?: unknown; expires_in?: unknown; token_type?: unknown; error?: unknown } | undefined;
    if (TRANSIENT_STATUSES.has(response.status)) throw new PharmacyUnavailableError(`token-http-${response.status}`, response.status);
    if (!response.ok) {
      const code = typeof body?.error === 'string' && /^[a-z_]{1,40}$/.test(body.error) ? body.error : `http-${response.status}`;
      throw new PharmacyRejectedError(`token-refused:${code}`, null, response.status);
    }
    if (typeof body?.access_token !== 'string' || String(body.token_type).toLowerCase() !== 'bearer') {
      throw new PharmacyRejectedError('token-malformed', null, response.status);
    }
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300;
    return { accessToken: body.access_token, expiresAt: this.now() + expiresIn * 1000 };
  }
}
