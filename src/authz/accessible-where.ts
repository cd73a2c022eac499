import { rulesToAST } from '@casl/ability/extra';
import { type Knex } from 'knex';
import { type AppAbility } from './ability.js';
import { type Action, type SubjectType } from './subjects.js';

/** The shape of CASL's condition AST (ucast): field conditions and compound and/or/not nodes. */
interface Condition {
  operator: string;
  field?: string;
  value: unknown;
}
type Where = Knex.QueryBuilder;

export interface AccessibleWhereOptions {
  /** Qualifies columns (`p.tenant_id`) when the query joins tables. */
  table?: string;
  /** Field → column where the column is not the snake_case of the field. */
  columns?: Record<string, string>;
}

const snakeCase = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const COMPARISONS: Record<string, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

function applyCondition(qb: Where, cond: Condition, column: (field: string) => string, joiner: 'and' | 'or'): void {
  const or = joiner === 'or';
  if (typeof cond.field === 'string') {
    const col = column(cond.field);
    const value = cond.value as Knex.Value;
    switch (cond.operator) {
      case 'eq':
        if (value === null) void (or ? qb.orWhereNull(col) : qb.whereNull(col));
        else void (or ? qb.orWhere(col, value) : qb.where(col, value));
        return;
      case 'ne':
        if (value === null) void (or ? qb.orWhereNotNull(col) : qb.whereNotNull(col));
        else void (or ? qb.orWhereNot(col, value) : qb.whereNot(col, value));
        return;
      case 'in':
        void (or ? qb.orWhereIn(col, value as Knex.Value[]) : qb.whereIn(col, value as Knex.Value[]));
        return;
      case 'nin':
        void (or ? qb.orWhereNotIn(col, value as Knex.Value[]) : qb.whereNotIn(col, value as Knex.Value[]));
        return;
      default: {
        const op = COMPARISONS[cond.operator];
        // An operator we cannot translate must not silently widen access.
        if (!op) throw new Error(`Permission condition operator "${cond.operator}" has no SQL translation`);
        void (or ? qb.orWhere(col, op, value) : qb.where(col, op, value));
        return;
      }
    }
  }
  const children = cond.value as Condition[];
  if (cond.operator === 'and' || cond.operator === 'or') {
    if (children.length === 0) {
      void (or ? qb.orWhereRaw(cond.operator === 'and' ? 'true' : 'false') : qb.whereRaw(cond.operator === 'and' ? 'true' : 'false'));
      return;
    }
    const group = (sub: Where) => children.forEach((child) => applyCondition(sub, child, column, cond.operator as 'and' | 'or'));
    void (or ? qb.orWhere(group) : qb.where(group));
    return;
  }
  if (cond.operator === 'not') {
    const group = (sub: Where) => children.forEach((child) => applyCondition(sub, child, column, 'and'));
    void (or ? qb.orWhereNot(group) : qb.whereNot(group));
    return;
  }
  throw new Error(`Permission condition operator "${cond.operator}" has no SQL translation`);
}

/**
 * The caller's record-level permissions as a SQL `where`: list and get queries add it, so a row
 * the rules do not grant is never read (and a get answers 404). No matching rule → no rows.
 *
 *   trx('patients').where(accessibleWhere(ability, 'read', 'Patient')).andWhere(...)
 */
export function accessibleWhere(ability: AppAbility, action: Action, subjectType: SubjectType, options: AccessibleWhereOptions = {}) {
  const column = (field: string) => {
    const name = options.columns?.[field] ?? snakeCase(field);
    return options.table ? `${options.table}.${name}` : name;
  };
  const ast = rulesToAST(ability, action, subjectType) as Condition | null;
  return (qb: Where): void => {
    if (!ast) {
      void qb.whereRaw('false');
      return;
    }
    applyCondition(qb, ast, column, 'and');
  };
}
