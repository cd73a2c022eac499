/**
 * National Provider Identifier: 10 digits whose last is a Luhn check digit computed over the
 * card-issuer prefix 80840 followed by the first nine digits (CMS NPI check-digit standard).
 */
export function isValidNpi(npi: string): boolean {
  return /^\d{10}$/.test(npi) && npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]);
}

/** The check digit that completes a 9-digit NPI base. */
export function npiCheckDigit(base: string): number {
  const digits = `80840${base}`.split('').map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i -= 1, double = !double) {
    const d = double ? digits[i]! * 2 : digits[i]!;
    sum += d > 9 ? d - 9 : d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * DEA registration number: registrant-type letter, a letter (the registrant's surname initial, or 9),
 * seven digits; the last digit is the last digit of (d1+d3+d5) + 2×(d2+d4+d6).
 */
export function isValidDeaNumber(dea: string): boolean {
  const match = /^[ABCDEFGHJKLMPRSTUX][A-Z9](\d{7})$/.exec(dea.toUpperCase());
  return !!match && deaCheckDigit(match[1]!.slice(0, 6)) === Number(match[1]![6]);
}

/** The check digit that completes the six digits of a DEA number. */
export function deaCheckDigit(sixDigits: string): number {
  const d = sixDigits.split('').map(Number);
  return (d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!)) % 10;
}
