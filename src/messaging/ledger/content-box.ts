/**
 * The rendered message (address and text) is stored sealed: AES-256-GCM under a key derived (HKDF) from
 * the payload keyring, bound to its ledger row. It is kept because a send that may have reached the
 * provider must be looked up with exactly the address and text it carried, and so that the dev outbox can
 * show what a patient would have received. Deriving from the payload keyring reuses its rotation: the key
 * ID travels with each value, and retired keys keep opening old rows.
 */
import { hkdfSync } from 'node:crypto';
import { openSecret, sealSecret } from '../../auth/secret-box.js';

export interface ContentKeyring {
  activeKeyId: string;
  keys: Record<string, string>;
}

export type SealedContent = { channel: 'sms'; to: string; body: string } | { channel: 'email'; to: string; subject: string; text: string };

const INFO = 'smartclinix/message-content/v1';

function derivedKey(keyring: ContentKeyring, keyId: string): string {
  const master = keyring.keys[keyId];
  if (!master) throw new Error(`Message content sealed under unknown key ${keyId}`);
  return Buffer.from(hkdfSync('sha256', Buffer.from(master, 'base64'), Buffer.alloc(0), INFO, 32)).toString('base64');
}

export function sealContent(keyring: ContentKeyring, rowId: string, content: SealedContent): string {
  return `${keyring.activeKeyId}:${sealSecret(derivedKey(keyring, keyring.activeKeyId), JSON.stringify(content), rowId)}`;
}

/** Throws when tampered with, sealed for another row, or under a key no longer in the keyring. */
export function openContent(keyring: ContentKeyring, rowId: string, sealed: string): SealedContent {
  const split = sealed.lastIndexOf(':');
  if (split <= 0) throw new Error('Unrecognised sealed message content');
  const keyId = sealed.slice(0, split);
  return JSON.parse(openSecret(derivedKey(keyring, keyId), sealed.slice(split + 1), rowId)) as SealedContent;
}
