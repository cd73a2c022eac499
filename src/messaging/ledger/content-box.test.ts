import { randomBytes } from 'node:crypto';
import { openContent, sealContent } from './content-box.js';

const key = () => randomBytes(32).toString('base64');
const keyring = { activeKeyId: 'k1', keys: { k1: key() } };
const sms = { channel: 'sms' as const, to: '+15551230001', body: 'Lakeside Clinic: reminder. Reply STOP to opt out.' };

describe('message content at rest', () => {
  it('When content is sealed, then neither the number nor the text is readable and it opens for its row', () => {
    const sealed = sealContent(keyring, 'row-1', sms);
    expect(sealed).not.toContain('5551230001');
    expect(sealed).not.toContain('Lakeside');
    expect(openContent(keyring, 'row-1', sealed)).toEqual(sms);
  });

  it('When sealed content is copied onto another row, then it does not open', () => {
    const sealed = sealContent(keyring, 'row-1', sms);
    expect(() => openContent(keyring, 'row-2', sealed)).toThrow();
  });

  it('When the active key rotates, then content sealed under the retired key still opens', () => {
    const sealed = sealContent(keyring, 'row-1', sms);
    const rotated = { activeKeyId: 'k2', keys: { ...keyring.keys, k2: key() } };
    expect(sealContent(rotated, 'row-1', sms).startsWith('k2:')).toBe(true);
    expect(openContent(rotated, 'row-1', sealed)).toEqual(sms);
  });

  it('When the key that sealed it is gone from the keyring, then opening fails without revealing anything', () => {
    const sealed = sealContent(keyring, 'row-1', sms);
    expect(() => openContent({ activeKeyId: 'k9', keys: { k9: key() } }, 'row-1', sealed)).toThrow('unknown key k1');
  });
});
