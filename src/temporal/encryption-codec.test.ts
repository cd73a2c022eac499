import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec.js';

const key = () => randomBytes(32).toString('base64');

describe('EncryptionCodec', () => {
  it('When a payload is encoded, then its bytes no longer contain the plaintext and decode restores it', async () => {
    const codec = new EncryptionCodec({ activeKeyId: 'k1', keys: { k1: key() } });
    const payload = defaultPayloadConverter.toPayload({ note: 'CANARY-123' });
    const [encoded] = await codec.encode([payload]);
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('CANARY-123');
    expect(Buffer.from(encoded!.metadata!['encryption-key-id']!).toString()).toBe('k1');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ note: 'CANARY-123' });
  });

  it('When the key is rotated, then payloads written under the old key still decode', async () => {
    const k1 = key();
    const old = new EncryptionCodec({ activeKeyId: 'k1', keys: { k1 } });
    const [encoded] = await old.encode([defaultPayloadConverter.toPayload('hello')]);
    const rotated = new EncryptionCodec({ activeKeyId: 'k2', keys: { k1, k2: key() } });
    const [decoded] = await rotated.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toBe('hello');
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload('x')]);
    expect(Buffer.from(fresh!.metadata!['encryption-key-id']!).toString()).toBe('k2');
  });

  it('When the ciphertext is tampered with, then decoding fails', async () => {
    const codec = new EncryptionCodec({ activeKeyId: 'k1', keys: { k1: key() } });
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload('hello')]);
    const data = Buffer.from(encoded!.data!);
    data[data.length - 20] = data[data.length - 20]! ^ 0xff;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow();
  });

  it('When a payload names an unknown key, then decoding fails with a clear error', async () => {
    const a = new EncryptionCodec({ activeKeyId: 'a', keys: { a: key() } });
    const b = new EncryptionCodec({ activeKeyId: 'b', keys: { b: key() } });
    const [encoded] = await a.encode([defaultPayloadConverter.toPayload(1)]);
    await expect(b.decode([encoded!])).rejects.toThrow(/No payload key with ID a/);
  });
});
