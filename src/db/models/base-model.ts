import { Model, type Pojo, snakeCaseMappers } from 'objection';

/**
 * The base of every Objection model.
 *
 * - Columns are snake_case in PostgreSQL and camelCase in code (`snakeCaseMappers`), so no
 *   repository spells out a field ↔ column map. The mapping applies to data (rows read, objects
 *   inserted or patched); identifiers in `where`, `orderBy`, `select` and joins stay snake_case.
 * - Timestamps leave the model as ISO strings and `date` columns as `YYYY-MM-DD`, so a record is
 *   plain JSON: repositories hand use cases `toRecord()` results, never model instances.
 * - No model is ever bound to a connection (`Model.knex()` is never called). Every query names
 *   the tenant-scoped transaction — `Patient.query(scope.trx)` — so row-level security always
 *   applies, and a query that forgets it fails at once instead of running outside a tenant.
 */
export abstract class BaseModel extends Model {
  static override get columnNameMappers() {
    return snakeCaseMappers();
  }

  static override useLimitInFirst = true;

  /** Columns of PostgreSQL type `date` (camelCase), read as calendar dates rather than instants. */
  static dateColumns: readonly string[] = [];

  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    const dates = (this.constructor as typeof BaseModel).dateColumns;
    for (const [key, value] of Object.entries(parsed)) {
      if (value instanceof Date) parsed[key] = dates.includes(key) ? calendarDate(value) : value.toISOString();
    }
    return parsed;
  }

  /** The model as a plain object (camelCase, JSON values): what repositories return. */
  toRecord<T>(): T {
    return this.toJSON() as T;
  }
}

/** node-postgres reads a `date` as local midnight; its local calendar fields are the stored date. */
function calendarDate(value: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/**
 * The fields a caller set, for an insert or a patch: `undefined` means "leave as it is" and is
 * dropped, while `null` stays, to clear a column.
 */
export function definedFields<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
