import { isValidDeaNumber, isValidNpi } from './identifiers.js';

describe('practitioner identifiers', () => {
  it.each(['1234567893', '1245319599', '1003000126'])('When the NPI %s has a correct check digit, then it is valid', (npi) => {
    expect(isValidNpi(npi)).toBe(true);
  });

  it.each(['1234567890', '123456789', '12345678930', 'ABCDEFGHIJ'])('When the NPI is %s, then it is invalid', (npi) => {
    expect(isValidNpi(npi)).toBe(false);
  });

  it.each(['AB1234563', 'BJ6125341', 'ab1234563'])('When the DEA number %s has a correct check digit, then it is valid', (dea) => {
    expect(isValidDeaNumber(dea)).toBe(true);
  });

  it.each(['AB1234564', 'IB1234563', 'A11234563', 'AB123456'])('When the DEA number is %s, then it is invalid', (dea) => {
    expect(isValidDeaNumber(dea)).toBe(false);
  });
});
