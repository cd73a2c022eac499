import { foldToGsm7, measureSms } from './sms-encoding.js';

describe('foldToGsm7', () => {
  it('When Spanish text has accents outside GSM-7, then only those lose their accent', () => {
    expect(foldToGsm7('Clínica: más días, señor, ¿qué tal? ¡Sí! Pingüino. Éxito')).toBe('Clinica: mas dias, señor, ¿qué tal? ¡Si! Pingüino. Éxito');
  });

  it('When ICU puts a narrow no-break space in "9:30 AM", then it becomes a plain space', () => {
    expect(foldToGsm7('9:30\u202FAM\u00A0ok')).toBe('9:30 AM ok');
  });

  it('When typographic quotes and dashes appear, then they fold to their ASCII forms', () => {
    expect(foldToGsm7('Don\u2019t \u201Cwait\u201D \u2014 ok\u2026')).toBe('Don\'t "wait" - ok...');
  });

  it('When a character has no GSM-7 form, then it is kept', () => {
    expect(foldToGsm7('Hi 😀 李')).toBe('Hi 😀 李');
  });
});

describe('measureSms', () => {
  it('When the text is 160 GSM-7 characters, then it is one segment, and 161 is two', () => {
    expect(measureSms('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(measureSms('a'.repeat(161)).segments).toBe(2);
  });

  it('When the text uses GSM-7 extension characters, then each counts as two septets', () => {
    expect(measureSms('€[]')).toEqual({ encoding: 'GSM-7', units: 6, segments: 1 });
  });

  it('When one character forces UCS-2, then the single-segment limit drops to 70 code units', () => {
    expect(measureSms(`á${'a'.repeat(69)}`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(measureSms(`á${'a'.repeat(70)}`).segments).toBe(2);
  });

  it('When the text holds an emoji, then it counts as two UCS-2 code units', () => {
    expect(measureSms('😀abc')).toEqual({ encoding: 'UCS-2', units: 5, segments: 1 });
  });
});
