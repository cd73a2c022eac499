import { type Knex } from 'knex';
import { type Config } from '../config/config.js';
import { advanceMfaStep, type Credentials, findActiveUserById } from './credentials-repository.js';
import { openSecret } from './secret-box.js';
import { verifyTotp } from './totp.js';

/**
 * Checks a TOTP code against the user's enrolled secret and consumes its time step, so the same
 * code cannot be used twice. Returns false for a wrong, reused or unenrolled code.
 */
export async function consumeTotp(trx: Knex.Transaction, config: Config, user: Credentials, code: string, requireEnabled = true): Promise<boolean> {
  if (!user.mfaSecretEncrypted || (requireEnabled && !user.mfaEnabled)) return false;
  const secret = openSecret(config.auth.mfaEncryptionKey, user.mfaSecretEncrypted, user.id);
  const lastStep = user.mfaLastUsedStep === null ? null : Number(user.mfaLastUsedStep);
  const step = verifyTotp(secret, code, lastStep);
  if (step === undefined) return false;
  // Conditional update: of two concurrent requests with the same code, only one consumes it.
  return advanceMfaStep(trx, user.id, step);
}

/**
 * Step-up authentication for a sensitive action by an already signed-in user (e.g. signing a
 * controlled-substance prescription, 21 CFR 1311): the user types a fresh TOTP code, checked here.
 */
export async function verifySecondFactor(trx: Knex.Transaction, config: Config, userId: string, code: string): Promise<boolean> {
  const user = await findActiveUserById(trx, userId);
  return user ? consumeTotp(trx, config, user, code) : false;
}
