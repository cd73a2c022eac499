/**
 * Free-text names (allergy entries such as "Sulfa drugs" or "Coumadin") are compared after this
 * normalisation, so the loader's uniqueness check and the screening lookup agree on what counts
 * as the same name.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[-_/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The forms tried for a free-text entry: as written, then without a plural "s". */
export function nameVariants(name: string): string[] {
  const normalised = normaliseName(name);
  if (normalised.length > 3 && normalised.endsWith('s')) return [normalised, normalised.slice(0, -1)];
  return [normalised];
}
