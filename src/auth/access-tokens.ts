import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES } from '../authz/actor.js';
import { AppError } from '../errors/app-error.js';

const ISSUER = 'smartclinix';
const AUDIENCE = 'smartclinix-api';
/** A token for MFA enrolment only lives just long enough to scan a QR code and type a code. */
export const ENROLLMENT_TOKEN_TTL_SECONDS = 300;

/** What an access token says about its holder. IDs only: tokens end up in logs and browser storage. */
const ClaimsSchema = z.object({
  sub: z.uuid(),
  tid: z.uuid(),
  role: z.enum(ROLES),
  /** Session (refresh-token family); absent on enrolment-only tokens. */
  sid: z.uuid().optional(),
  /** Authentication methods (RFC 8176): pwd, otp. */
  amr: z.array(z.string()),
  /** Linked practitioner / patient record. */
  prid: z.uuid().optional(),
  pid: z.uuid().optional(),
  scope: z.literal('mfa-enrollment').optional(),
});
export type AccessClaims = z.infer<typeof ClaimsSchema>;

function keyBytes(signingKey: string): Uint8Array {
  return new TextEncoder().encode(signingKey);
}

export async function signAccessToken(signingKey: string, claims: AccessClaims, ttlSeconds: number): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setJti(randomUUID())
    .sign(keyBytes(signingKey));
}

const invalidToken = (detail: string) => new AppError(401, 'invalid-token', 'Unauthorized', detail);

/** Verifies signature, algorithm, issuer, audience and expiry; anything else is a 401. */
export async function verifyAccessToken(signingKey: string, token: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, keyBytes(signingKey), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: 'at+jwt',
      clockTolerance: 5,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const parsed = ClaimsSchema.safeParse(payload);
    if (!parsed.success) throw invalidToken('The access token is not valid.');
    return parsed.data;
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof errors.JWTExpired) throw new AppError(401, 'token-expired', 'Unauthorized', 'The access token has expired.');
    throw invalidToken('The access token is not valid.');
  }
}
