/**
 * Typed reads from parsed YAML/JSON (manifests, values files) without `any`: every access
 * says what it expects and gets `undefined`/empty when the document has something else.
 */
export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);

export const labelsOf = (value: unknown): Record<string, string> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};

/** CLI output (the lint config reserves console for warnings and errors). */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
