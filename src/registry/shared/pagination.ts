import { z } from '../../api/openapi/registry.js';
import { badRequest } from '../../errors/app-error.js';

/** `limit` and an opaque `cursor` for list routes. The cursor holds a position, never a value (no PHI in URLs). */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export function offsetOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^o:/, ''));
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('The cursor is not valid.');
  return offset;
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says there is more. */
export function toPage<T>(rows: T[], limit: number, offset: number): Page<T> {
  const more = rows.length > limit;
  return { items: rows.slice(0, limit), nextCursor: more ? Buffer.from(`o:${offset + limit}`).toString('base64url') : null };
}
