import { badRequest } from '../../errors/app-error.js';

/**
 * A position in the inbox order (priority, due time, ID): opaque to clients, no task content.
 * `dueAt` is PostgreSQL's own text of the timestamp, so microseconds survive the round trip.
 */
export interface InboxPosition {
  rank: number;
  dueAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T][0-9:.]{8,15}(Z|[+-]\d{2}(:?\d{2})?)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(position: InboxPosition): string {
  return Buffer.from(JSON.stringify([position.rank, position.dueAt, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): InboxPosition {
  try {
    const [rank, dueAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof rank === 'number' && Number.isInteger(rank) && typeof dueAt === 'string' && TIMESTAMP.test(dueAt) && typeof id === 'string' && UUID.test(id)) {
      return { rank, dueAt, id };
    }
  } catch {
    // Falls through to the same answer as a well-formed but wrong cursor.
  }
  throw badRequest('The cursor is not valid.');
}
