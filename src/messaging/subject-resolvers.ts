import { type Knex } from 'knex';
import { type MessageSubjectType } from '../workflows/shared/messaging.js';
import { type VariableName } from './templates/index.js';

/**
 * Fills a template's variables from the entity a message is about (an appointment, a referral…).
 * Each feature provides the resolver for its subject type; the send activity calls it inside the
 * tenant-scoped transaction, at send time, so a rescheduled appointment is never announced at its
 * old time. Resolvers return only allow-listed, non-clinical variables (see templates/variables.ts).
 */
export type TemplateSubjectResolver = (trx: Knex.Transaction, subjectId: string) => Promise<Partial<Record<VariableName, string | Date | null>>>;

export type SubjectResolvers = Partial<Record<MessageSubjectType, TemplateSubjectResolver>>;

/**
 * Whether a message (by its template) about this entity is still worth sending late, e.g. a reminder
 * only while the appointment is ahead and not cancelled; asked before a failed text is sent again by
 * email. A subject type without a check is always current.
 */
export type SubjectCurrencyCheck = (trx: Knex.Transaction, message: { subjectId: string; template: string }, now: Date) => Promise<boolean>;

export type SubjectCurrencyChecks = Partial<Record<MessageSubjectType, SubjectCurrencyCheck>>;
