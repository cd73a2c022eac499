import { deniedWith } from '../audit/denials.js';
import { forbidden, notFound } from '../errors/app-error.js';
import { type AppAbility, asSubject } from './ability.js';
import { type Action, type SubjectType } from './subjects.js';

/**
 * The route's second look at a record the data layer returned. A record the caller may not even
 * read answers 404 (its existence is not revealed); one they may read but not act on answers 403.
 * Either way the denial is audited.
 */
export function assertCan(
  ability: AppAbility,
  action: Action,
  type: SubjectType,
  record: Record<string, unknown>,
  audit: { entityId?: string | null; patientId?: string | null } = {},
): void {
  const subject = asSubject(type, record);
  if (ability.can(action, subject)) return;
  const readable = action !== 'read' && ability.can('read', subject);
  const error = readable ? forbidden() : notFound(type);
  throw deniedWith(error, { action, entityType: type, entityId: audit.entityId ?? (record.id as string | undefined) ?? null, patientId: audit.patientId ?? null });
}

/** 404 for a record the data layer did not return (absent, another tenant's, or not granted); audited. */
export function notVisible(action: Action, type: SubjectType, entityId: string, patientId?: string | null): Error {
  return deniedWith(notFound(type), { action, entityType: type, entityId, patientId: patientId ?? null });
}
