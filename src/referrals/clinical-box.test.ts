import { randomBytes } from 'node:crypto';
import { openClinical, sealClinical } from './clinical-box.js';

const key = () => randomBytes(32).toString('base64');

describe('clinical box', () => {
  const keyring = { activeKeyId: 'k1', keys: { k1: key() } };

  it('When clinical text is sealed, then the stored value does not contain it and opens back for the same row', () => {
    const sealed = sealClinical(keyring, 'row-1', { reason: 'Persistent chest pain on exertion' });
    expect(sealed).not.toContain('chest');
    expect(openClinical(keyring, 'row-1', sealed)).toEqual({ reason: 'Persistent chest pain on exertion' });
  });

  it('When a sealed value is copied onto another row, then it does not open', () => {
    const sealed = sealClinical(keyring, 'row-1', { reason: 'x' });
    expect(() => openClinical(keyring, 'row-2', sealed)).toThrow();
  });

  it('When the active key rotates, then values sealed under the retired key still open', () => {
    const sealed = sealClinical(keyring, 'row-1', { reason: 'x' });
    const rotated = { activeKeyId: 'k2', keys: { ...keyring.keys, k2: key() } };
    expect(openClinical(rotated, 'row-1', sealed)).toEqual({ reason: 'x' });
    expect(sealClinical(rotated, 'row-1', 1).startsWith('k2:')).toBe(true);
  });

  it('When the key is no longer in the keyring, then opening fails instead of returning garbage', () => {
    const sealed = sealClinical(keyring, 'row-1', { reason: 'x' });
    expect(() => openClinical({ activeKeyId: 'k9', keys: { k9: key() } }, 'row-1', sealed)).toThrow();
  });
});
