import { type Knex } from 'knex';
import { type Config } from '../config/config.js';
import { type CredentialRow, findActiveUserById } from './credentials-repository.js';
import { openSecret } from './secret-box.js';
import { verifyTotp } from './totp.js';

/**
 * Checks a TOTP code against the user's enrolled secret and consumes its time step, so the same
 * code cannot be used twice. Returns false for a wrong, reused or unenrolled code.
 */
export async function consumeTotp(trx: Knex.Transaction, config: Config, user: CredentialRow, code: string, requireEnabled = true): Promise<boolean> {
  if (!user.mfa_secret_encrypted || (requireEnabled && !user.mfa_enabled)) return false;
  const secret = openSecret(config.auth.mfaEncryptionKey, user.mfa_secret_encrypted, user.id);
  const lastStep = user.mfa_last_used_step === null ? null : Number(user.mfa_last_used_step);
  const step = verifyTotp(secret, code, lastStep);
  if (step === undefined) return false;
  // Conditional update: of two concurrent requests with the same code, only one consumes it.
  const updated = await trx('users')
    .where({ id: user.id })
    .andWhere((q) => q.whereNull('mfa_last_used_step').orWhere('mfa_last_used_step', '<', step))
    .update({ mfa_last_used_step: step });
  return updated === 1;
}

/**
 * Step-up authentication for a sensitive action by an already signed-in user (e.g. signing a
 * controlled-substance prescription, 21 CFR 1311): the user types a fresh TOTP code, checked here.
 */
export async function verifySecondFactor(trx: Knex.Transaction, config: Config, userId: string, code: string): Promise<boolean> {
  const user = await findActiveUserById(trx, userId);
  return user ? consumeTotp(trx, config, user, code) : false;
}
