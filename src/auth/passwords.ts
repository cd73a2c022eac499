import argon2 from 'argon2';

/**
 * argon2id with the OWASP-recommended floor (19 MiB, 2 passes). The parameters are stored in each
 * hash, so raising them later only affects new hashes; `needsRehash` tells login to upgrade old ones.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    await burnVerification(password);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as a real verification, so a login for an unknown account (or one with no
 * password) takes as long as one with a wrong password and timing reveals nothing.
 */
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword('smartclinix-timing-equaliser');
  await argon2.verify(await dummyHash, password).catch(() => false);
}
