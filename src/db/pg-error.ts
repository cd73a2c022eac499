/** The PostgreSQL error fields the error taxonomy reads. */
export interface PgErrorFields {
  code: string;
  constraint?: string;
}

/**
 * The PostgreSQL error behind `err`, if any: a driver error as Knex throws it, or the native error
 * inside the `DBError` subclasses (UniqueViolationError, …) that Objection wraps it in.
 */
export function pgErrorOf(err: unknown): PgErrorFields | undefined {
  for (const candidate of [err, (err as { nativeError?: unknown } | null)?.nativeError]) {
    const code = (candidate as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const constraint = (candidate as { constraint?: unknown }).constraint;
      return { code, ...(typeof constraint === 'string' ? { constraint } : {}) };
    }
  }
  return undefined;
}
