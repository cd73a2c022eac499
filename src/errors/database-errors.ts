import { pgErrorOf } from '../db/pg-error.js';
import { AppError, conflict } from './app-error.js';

/**
 * Maps PostgreSQL errors to the taxonomy. Raw database messages never reach a client: they can
 * contain values (and so PHI). The constraint name is safe and helps clients tell conflicts apart.
 */
export function fromDatabaseError(err: unknown): AppError | undefined {
  const pg = pgErrorOf(err);
  if (!pg) return undefined;
  switch (pg.code) {
    case '23505':
      return conflict('A record with the same unique value already exists.', { constraint: pg.constraint });
    case '23P01':
      return conflict('The record overlaps an existing one.', { constraint: pg.constraint });
    case '23503':
      return new AppError(422, 'invalid-reference', 'Invalid reference', 'The request refers to a record that does not exist.', {
        constraint: pg.constraint,
      });
    case '23514':
    case '23502':
    case '22P02':
    case '22007':
    case '22008':
      return new AppError(422, 'invalid-value', 'Invalid value', 'A value in the request is not acceptable.', { constraint: pg.constraint });
    case '40001':
    case '40P01':
      return new AppError(503, 'retry', 'Concurrent update', 'The request conflicted with a concurrent one; retry it.');
    case '42501':
      return new AppError(403, 'forbidden', 'Forbidden', 'You are not allowed to do this.');
    default:
      return undefined;
  }
}
