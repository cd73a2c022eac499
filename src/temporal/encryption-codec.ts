import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Keyring {
  activeKeyId: string;
  /** Key ID → base64 AES-256 key. Retired keys stay here so old histories still decrypt. */
  keys: Record<string, string>;
}

/**
 * Encrypts every payload with AES-256-GCM under the active key and records the key ID in the
 * payload's metadata. Rotation: add a key, make it active; older payloads decrypt with their own key.
 * The whole original payload (metadata included) is encrypted, so even its encoding is hidden.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;

  constructor(private readonly keyring: Keyring) {
    this.keys = new Map(Object.entries(keyring.keys).map(([id, b64]) => [id, Buffer.from(b64, 'base64')]));
    const active = this.keys.get(keyring.activeKeyId);
    if (!active || active.length !== 32) throw new ValueError('The active payload key must be a 32-byte AES-256 key');
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- async so that errors become rejections
  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.keyring.activeKeyId)!;
    return payloads.map((payload) => ({
        metadata: {
          [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: Buffer.from(this.keyring.activeKeyId),
        },
        data: encrypt(temporal.api.common.v1.Payload.encode(payload).finish(), key),
      }));
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- async so that errors become rejections
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
        const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
        if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
        const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
        const keyId = keyIdBytes ? Buffer.from(keyIdBytes).toString() : '';
        const key = this.keys.get(keyId);
        if (!key) throw new ValueError(`No payload key with ID ${keyId || '(missing)'} is configured`);
        if (!payload.data) throw new ValueError('Encrypted payload has no data');
      return temporal.api.common.v1.Payload.decode(decrypt(payload.data, key));
    });
  }
}

function encrypt(plain: Uint8Array, key: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function decrypt(sealed: Uint8Array, key: Buffer): Buffer {
  const buf = Buffer.from(sealed);
  if (buf.length < IV_BYTES + TAG_BYTES) throw new ValueError('Encrypted payload is truncated');
  const iv = buf.subarray(0, IV_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const decipher = createDecipheriv(CIPHER, key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(buf.subarray(IV_BYTES, buf.length - TAG_BYTES)), decipher.final()]);
}
