import { AbilityBuilder, createMongoAbility, type MongoAbility, subject as tagSubject } from '@casl/ability';
import { type Actor } from './actor.js';
import { administrationRules } from './rules/administration.js';
import { appointmentRules } from './rules/appointments.js';
import { auditRules } from './rules/audit.js';
import { operationsRules } from './rules/operations.js';
import { labResultRules } from './rules/lab-results.js';
import { messagingRules } from './rules/messaging.js';
import { prescriptionRules } from './rules/prescriptions.js';
import { referralRules } from './rules/referrals.js';
import { registryRules } from './rules/registry.js';
import { selfServiceRules } from './rules/self-service.js';
import { taskRules } from './rules/tasks.js';
import { type Action, type SubjectRecord, type SubjectType } from './subjects.js';

export type AppAbility = MongoAbility<[Action, SubjectType | SubjectRecord]>;
export type Can = AbilityBuilder<AppAbility>['can'];
export type Cannot = AbilityBuilder<AppAbility>['cannot'];

/**
 * A feature's permissions: a function that grants (`can`) and withdraws (`cannot`) abilities for
 * the actor. `can` already confines every grant to the actor's own tenant; add record conditions
 * on camelCase fields (e.g. `{ patientId: actor.patientId }`) and field lists where a role may see
 * only part of a record. Nothing granted here means denied.
 */
export type RuleSet = (can: Can, cannot: Cannot, actor: Actor) => void;

/** Every feature's rules. Add yours here (one file per feature under `rules/`). */
const RULE_SETS: RuleSet[] = [registryRules, administrationRules, auditRules, operationsRules, selfServiceRules, labResultRules, prescriptionRules, taskRules, appointmentRules, messagingRules, referralRules];

/** Wraps `can` so that each grant also requires `tenantId` to be the actor's tenant. */
function confinedToTenant(can: Can, tenantId: string): Can {
  const add = can as unknown as (...args: unknown[]) => ReturnType<Can>;
  return (...args: unknown[]) => {
    const [action, subjectType, third, fourth] = args;
    const hasFields = typeof third === 'string' || Array.isArray(third);
    const conditions = ((hasFields ? fourth : third) ?? {}) as Record<string, unknown>;
    const scoped = { ...conditions, tenantId };
    return hasFields ? add(action, subjectType, third, scoped) : add(action, subjectType, scoped);
  };
}

/** Builds the actor's abilities; called once per request by authentication and kept in its context. */
export function buildAbility(actor: Actor): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (actor.mfaEnrollmentPending) {
    // Until a required second factor is enrolled, the session may do that and nothing else.
    confinedToTenant(builder.can, actor.tenantId)('enroll', 'Mfa');
    return builder.build();
  }
  const can = confinedToTenant(builder.can, actor.tenantId);
  for (const rules of RULE_SETS) rules(can, builder.cannot, actor);
  return builder.build();
}

/** Tags a plain record with its subject type so conditions can be checked against it. */
export function asSubject<T extends Record<string, unknown>>(type: SubjectType, record: T): T & SubjectRecord {
  return tagSubject(type, { ...record });
}
