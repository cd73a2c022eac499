const LOINC_SHAPE = /^(\d{1,7})-(\d)$/;

/**
 * LOINC's check digit (its "mod 10" algorithm, the same as Luhn's): from the right, every other
 * digit starting with the last is doubled, the digits of the results are added up, and the check
 * digit brings the sum to a multiple of ten.
 */
export function loincCheckDigit(base: string): number {
  let sum = 0;
  [...base].reverse().forEach((char, index) => {
    const digit = Number(char) * (index % 2 === 0 ? 2 : 1);
    sum += digit > 9 ? digit - 9 : digit;
  });
  return (10 - (sum % 10)) % 10;
}

/** A LOINC code such as `2823-3`, with a check digit that matches (so a typo is refused, not stored unused). */
export function isLoincCode(code: string): boolean {
  const match = LOINC_SHAPE.exec(code);
  return match !== null && loincCheckDigit(match[1]!) === Number(match[2]);
}
