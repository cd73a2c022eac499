/**
 * Where a screened request goes. Pure: the routing activity gathers the facts and applies this.
 *
 * - A routine refill (pharmacy or patient request) of a drug on the tenant's protocol list, not
 *   controlled and with no finding at all, goes to the nurse pool under protocol.
 * - Everything else goes to a signer: the named prescriber when they may sign alone, otherwise their
 *   supervising physician (a resident's or supervised mid-level's request).
 * - A physician's own request for a non-controlled drug without a high finding may be signed in the
 *   same action.
 */
import { type EscalationTarget } from '../../workflows/shared/tasks.js';

export type RequestOrigin = 'nurse' | 'resident' | 'physician' | 'pharmacy' | 'patient';

export interface PractitionerFacts {
  id: string;
  kind: string;
  canPrescribe: boolean;
  active: boolean;
  supervisingPractitionerId: string | null;
  deaRegistered: boolean;
  /** The practitioner's active user account, when they have one. */
  userId: string | null;
}

export interface RoutingFacts {
  kind: 'new' | 'refill';
  origin: RequestOrigin;
  /** The staff requester's own practitioner record (nurse, resident, physician). */
  requesterPractitionerId: string | null;
  prescriber: PractitionerFacts;
  supervisor: PractitionerFacts | null;
  rxcui: string;
  deaSchedule: string | null;
  findingSeverities: readonly ('high' | 'moderate' | 'low')[];
  protocol: { enabled: boolean; rxcuis: readonly string[] };
}

export type RoutingDecision =
  | { route: 'protocol' }
  | { route: 'signer'; signerPractitionerId: string; signerUserId: string; via: 'named-prescriber' | 'supervising-physician'; selfSignEligible: boolean }
  | { route: 'unroutable'; reason: 'no-eligible-signer' | 'signer-lacks-dea-registration' };

/** May sign alone: an active, licensed prescriber with a user account and no supervising signature required. */
export function maySignAlone(p: PractitionerFacts): boolean {
  return p.active && p.canPrescribe && p.userId !== null && p.kind !== 'resident' && p.supervisingPractitionerId === null && p.kind !== 'nurse' && p.kind !== 'pharmacist';
}

export function decideRouting(facts: RoutingFacts): RoutingDecision {
  const controlled = facts.deaSchedule !== null;
  const underProtocol =
    facts.kind === 'refill' &&
    (facts.origin === 'pharmacy' || facts.origin === 'patient') &&
    facts.protocol.enabled &&
    facts.protocol.rxcuis.includes(facts.rxcui) &&
    !controlled &&
    facts.findingSeverities.length === 0;
  if (underProtocol) return { route: 'protocol' };

  const named = maySignAlone(facts.prescriber);
  const signer = named ? facts.prescriber : facts.supervisor && maySignAlone(facts.supervisor) ? facts.supervisor : undefined;
  if (!signer?.userId) return { route: 'unroutable', reason: 'no-eligible-signer' };
  if (controlled && !signer.deaRegistered) return { route: 'unroutable', reason: 'signer-lacks-dea-registration' };
  const selfSignEligible =
    facts.origin === 'physician' &&
    named &&
    facts.requesterPractitionerId === signer.id &&
    !controlled &&
    !facts.findingSeverities.includes('high');
  return { route: 'signer', signerPractitionerId: signer.id, signerUserId: signer.userId, via: named ? 'named-prescriber' : 'supervising-physician', selfSignEligible };
}

/**
 * The escalation chain of an unanswered decision. A signer's task goes first to their cover, then to
 * the department's on-call physician, then to the physician pool; a protocol refill nobody handled
 * goes to the prescriber of record, or the physician pool.
 */
export function escalationTargets(
  route: 'signer' | 'protocol',
  ctx: { physicianPoolId: string; departmentId: string | null; prescriberUserId: string | null },
): EscalationTarget[] {
  if (route === 'protocol') {
    return [...(ctx.prescriberUserId ? [{ kind: 'user' as const, userId: ctx.prescriberUserId }] : []), { kind: 'pool', poolId: ctx.physicianPoolId }];
  }
  return [
    { kind: 'covering-practitioner' },
    ...(ctx.departmentId ? [{ kind: 'on-call' as const, departmentId: ctx.departmentId }] : []),
    { kind: 'pool', poolId: ctx.physicianPoolId },
  ];
}
