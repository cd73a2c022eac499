import { type RuleSet } from '../ability.js';
import { type Actor } from '../actor.js';

declare module '../subjects.js' {
  interface SubjectTypes {
    /**
     * A closed-loop referral. Conditions use `referringPractitionerId`, `referringDepartmentId`,
     * `targetPractitionerId`, `targetDepartmentId`, `patientId` and `status`.
     */
    Referral: true;
    /** Loop-closure figures: counts and durations, no patient data. */
    ReferralStats: true;
    /** The referral workflow's live state (stage, open tasks, timers): IDs and codes only. */
    ReferralWorkflow: true;
    /** The tenant's referral SLAs, business calendar and scheduling mode. */
    ReferralSettings: true;
  }
  interface ActionTypes {
    release: true;
    acknowledge: true;
    cancel: true;
    /** Accept, decline or ask the referrer for more information (the receiving side). */
    triage: true;
    /** Send the consult report (the receiving side). */
    report: true;
    reroute: true;
    /** Answer a request for more information (the referring side). */
    answer: true;
  }
}

/** Clinical content: only the clinicians on either side of the referral read it. */
const CLINICAL_FIELDS = ['reason', 'clinicalQuestion', 'documents', 'notes', 'report'];

/** When the referral reached each status: shown to every role that may see the referral's state. */
const STAGE_TIMESTAMPS = ['createdAt', 'updatedAt', 'sentAt', 'receivedAt', 'acceptedAt', 'declinedAt', 'bookedAt', 'seenAt', 'reportReceivedAt', 'closedAt', 'cancelledAt'];

export const REFERRAL_FIELDS = [
  'id',
  'tenantId',
  'patientId',
  'referringPractitionerId',
  'referringUserId',
  'referringDepartmentId',
  'targetKind',
  'targetPractitionerId',
  'targetDepartmentId',
  'targetSpecialty',
  'externalOrganisation',
  'urgency',
  'status',
  'stage',
  'stageDueAt',
  'overdue',
  'externalReferralNumber',
  'appointmentId',
  'replacesReferralId',
  'replacedByReferralId',
  'workflowId',
  'version',
  ...STAGE_TIMESTAMPS,
  'timeline',
  'history',
  ...CLINICAL_FIELDS,
];

/** Schedulers and administrators: who, where and when, without the clinical content. */
export const REFERRAL_NON_CLINICAL_FIELDS = REFERRAL_FIELDS.filter((f) => !CLINICAL_FIELDS.includes(f));

/** A patient sees where their referral stands, not how it was triaged. */
export const REFERRAL_PATIENT_FIELDS = ['id', 'tenantId', 'patientId', 'urgency', 'status', 'appointmentId', 'createdAt', 'sentAt', 'acceptedAt', 'bookedAt', 'seenAt', 'closedAt', 'cancelledAt'];

/** Ops: the workflow's state and timing; not who the patient is, who referred them or why. */
export const REFERRAL_OPERATIONAL_FIELDS = [
  'id',
  'tenantId',
  'urgency',
  'status',
  'stage',
  'stageDueAt',
  'overdue',
  'workflowId',
  'version',
  ...STAGE_TIMESTAMPS,
  'replacesReferralId',
  'replacedByReferralId',
  'timeline',
];

/** Loaded per request by the referral module: who a user works with is data, not role. */
export interface ReferralScope {
  /** Departments the user belongs to, is on call for, or leads. */
  departmentIds: readonly string[];
  /** Referrals of which the user holds an open task (routed to them as a cover or by an escalation). */
  taskReferralIds: readonly string[];
}

const scopes = new WeakMap<Actor, ReferralScope>();

/** A copy of the actor whose abilities (via `buildAbility`) also know their departments. */
export function withReferralScope(actor: Actor, scope: ReferralScope): Actor {
  const scoped = { ...actor };
  scopes.set(scoped, scope);
  return scoped;
}

const NOT_DRAFT = { status: { $ne: 'draft' } };

/**
 * The referring physician and their department see (and act on) what they sent; the receiving
 * practitioner and department see what they received and triage it (for an external organisation,
 * the referring side records its answers); whoever holds one of a referral's open tasks (a cover,
 * an escalation target) sees it and may act on it; schedulers see referrals
 * waiting to be booked or booked; a patient sees the status of their own; ops see workflow state.
 */
export const referralRules: RuleSet = (can, _cannot, actor) => {
  const departmentIds = [...(scopes.get(actor)?.departmentIds ?? [])];
  const holding = { id: { $in: [...(scopes.get(actor)?.taskReferralIds ?? [])] } };
  // Always present (an empty list matches no row), so the route-level check knows the role may read some referrals.
  const inDepartments = (field: string) => [{ [field]: { $in: departmentIds } }];
  switch (actor.role) {
    case 'physician': {
      if (!actor.practitionerId) break;
      const sent = [{ referringPractitionerId: actor.practitionerId }, ...inDepartments('referringDepartmentId')];
      const received = [{ targetPractitionerId: actor.practitionerId, ...NOT_DRAFT }, ...inDepartments('targetDepartmentId').map((c) => ({ ...c, ...NOT_DRAFT }))];
      can('create', 'Referral', { referringPractitionerId: actor.practitionerId });
      for (const condition of [...sent, ...received, holding]) can('read', 'Referral', condition);
      // Whoever holds one of its tasks may act on the referral; the inbox's rules decide which task.
      can(['triage', 'report', 'answer', 'acknowledge'], 'Referral', holding);
      for (const condition of sent) can(['release', 'cancel', 'reroute', 'answer', 'acknowledge'], 'Referral', condition);
      for (const condition of received) can(['triage', 'report'], 'Referral', condition);
      // An external organisation has no account here: the referring side records its answer and report.
      for (const condition of sent) can(['triage', 'report'], 'Referral', { ...condition, targetKind: 'external', ...NOT_DRAFT });
      can('read', 'ReferralStats');
      break;
    }
    case 'nurse':
      for (const condition of [...inDepartments('referringDepartmentId'), ...inDepartments('targetDepartmentId'), holding]) {
        can('read', 'Referral', { ...condition, ...NOT_DRAFT });
      }
      break;
    case 'scheduler':
      can('read', 'Referral', REFERRAL_NON_CLINICAL_FIELDS, { status: { $in: ['accepted', 'scheduled'] } });
      break;
    case 'admin':
      can('read', 'Referral', REFERRAL_NON_CLINICAL_FIELDS);
      can('cancel', 'Referral');
      can('read', ['ReferralStats', 'ReferralWorkflow']);
      can(['read', 'update'], 'ReferralSettings');
      break;
    case 'patient':
      if (actor.patientId) can('read', 'Referral', REFERRAL_PATIENT_FIELDS, { patientId: actor.patientId, ...NOT_DRAFT });
      break;
    case 'ops':
      can('read', 'Referral', REFERRAL_OPERATIONAL_FIELDS);
      // The SLAs behind the overdue-referral alerts.
      can('read', ['ReferralStats', 'ReferralWorkflow', 'ReferralSettings']);
      break;
    default:
      break;
  }
};
