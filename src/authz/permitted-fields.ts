import { permittedFieldsOf } from '@casl/ability/extra';
import { forbidden } from '../errors/app-error.js';
import { type AppAbility, asSubject } from './ability.js';
import { type Action, type SubjectType } from './subjects.js';

/** The fields of `record` the ability grants for `action` (all of them when no rule lists fields). */
export function permittedFields(ability: AppAbility, action: Action, type: SubjectType, record: Record<string, unknown>): string[] {
  const all = Object.keys(record);
  return permittedFieldsOf(ability, action, asSubject(type, record), { fieldsFrom: (rule) => rule.fields ?? all });
}

/**
 * The record reduced to what the caller may see, e.g. ops reading a patient get contact
 * preferences and consent state but no name, birth date or contact details.
 */
export function pickPermitted<T extends Record<string, unknown>>(ability: AppAbility, action: Action, type: SubjectType, record: T): Partial<T> {
  const allowed = new Set(permittedFields(ability, action, type, record));
  return Object.fromEntries(Object.entries(record).filter(([key]) => allowed.has(key))) as Partial<T>;
}

/**
 * Fields of a subject type the caller may use for `action` on some record: for filters, e.g. ops
 * may not search patients by name because no rule grants them the name.
 */
export function permittedFieldsOfType(ability: AppAbility, action: Action, type: SubjectType, allFields: string[]): string[] {
  return permittedFieldsOf(ability, action, type, { fieldsFrom: (rule) => rule.fields ?? allFields });
}

/** Refuses (403) a filter on fields the caller may not read. */
export function assertFilterPermitted(ability: AppAbility, type: SubjectType, filterFields: string[]): void {
  const allowed = new Set(permittedFieldsOfType(ability, 'read', type, filterFields));
  const refused = filterFields.filter((f) => !allowed.has(f));
  if (refused.length > 0) throw forbidden(`You may not search by: ${refused.join(', ')}.`);
}

/** Refuses (403) a change or filter that touches a field the caller may not use for `action`. */
export function assertFieldsPermitted(
  ability: AppAbility,
  action: Action,
  type: SubjectType,
  record: Record<string, unknown>,
  fields: string[],
): void {
  const allowed = new Set(permittedFields(ability, action, type, record));
  const refused = fields.filter((f) => !allowed.has(f));
  if (refused.length > 0) throw forbidden(`You may not ${action} these fields: ${refused.join(', ')}.`);
}
