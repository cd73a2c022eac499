import { hkdfSync } from 'node:crypto';
import { openSecret, sealSecret } from '../auth/secret-box.js';

/**
 * Clinical text of a referral (reason and question, document descriptions, notes, the consult report)
 * sealed at rest: AES-256-GCM under a key derived (HKDF) from the payload keyring, bound to the row it
 * belongs to (a sealed value copied onto another row does not open). The key ID travels with each
 * value, so keys rotate like Temporal payload keys: retired keys keep opening old rows.
 */
export interface Keyring {
  activeKeyId: string;
  keys: Record<string, string>;
}

const INFO = 'smartclinix/referral-clinical/v1';

function derivedKey(keyring: Keyring, keyId: string): string {
  const master = keyring.keys[keyId];
  if (!master) throw new Error('Referral content sealed under a key that is not in the keyring');
  return Buffer.from(hkdfSync('sha256', Buffer.from(master, 'base64'), Buffer.alloc(0), INFO, 32)).toString('base64');
}

export function sealClinical(keyring: Keyring, boundTo: string, content: unknown): string {
  return `${keyring.activeKeyId}:${sealSecret(derivedKey(keyring, keyring.activeKeyId), JSON.stringify(content), boundTo)}`;
}

/** Throws when tampered with, sealed for another row, or under a key no longer in the keyring. */
export function openClinical<T>(keyring: Keyring, boundTo: string, sealed: string): T {
  const split = sealed.lastIndexOf(':');
  if (split <= 0) throw new Error('Unrecognised sealed referral content');
  return JSON.parse(openSecret(derivedKey(keyring, sealed.slice(0, split)), sealed.slice(split + 1), boundTo)) as T;
}
