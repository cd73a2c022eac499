import { type Pojo, type QueryBuilder } from 'objection';
import { type BaseModel } from './base-model.js';

/**
 * The rows an `insert … on conflict do nothing returning …` wrote, read through its model: none when
 * the key was already taken. Objection answers such an insert with the object it was given whether
 * or not PostgreSQL wrote it, which hides the one thing an exactly-once step needs to know, so the
 * query runs as the SQL it builds.
 */
export async function insertedRows<M extends BaseModel>(insert: QueryBuilder<M, M>): Promise<M[]> {
  const rows = await insert.toKnexQuery<Pojo>();
  return rows.map((row) => insert.modelClass().fromDatabaseJson(row));
}
