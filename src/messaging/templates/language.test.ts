import { pickLanguage } from './language.js';

describe('pickLanguage', () => {
  it('When the patient prefers Mexican Spanish, then Spanish is chosen and dates use es-MX', () => {
    expect(pickLanguage('es-MX', 'en')).toEqual({ language: 'es', locale: 'es-MX' });
  });

  it('When the patient gives a bare language, then its default locale applies', () => {
    expect(pickLanguage('ES', null)).toEqual({ language: 'es', locale: 'es-US' });
    expect(pickLanguage('en_GB', null)).toEqual({ language: 'en', locale: 'en-GB' });
  });

  it('When the patient language is unsupported, then the tenant default applies', () => {
    expect(pickLanguage('fr-CA', 'es')).toEqual({ language: 'es', locale: 'es-US' });
  });

  it('When neither is supported or given, then English applies', () => {
    expect(pickLanguage('de', 'fr')).toEqual({ language: 'en', locale: 'en-US' });
    expect(pickLanguage(undefined, undefined)).toEqual({ language: 'en', locale: 'en-US' });
    expect(pickLanguage('not a tag!', null)).toEqual({ language: 'en', locale: 'en-US' });
  });
});
