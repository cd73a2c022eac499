import { decideRouting, escalationTargets, type PractitionerFacts, type RoutingFacts } from './decide-routing.js';

const attending: PractitionerFacts = {
  id: 'prac-attending',
  kind: 'physician',
  canPrescribe: true,
  active: true,
  supervisingPractitionerId: null,
  deaRegistered: true,
  userId: 'user-attending',
};
const resident: PractitionerFacts = { ...attending, id: 'prac-resident', kind: 'resident', supervisingPractitionerId: attending.id, userId: 'user-resident' };

const facts = (over: Partial<RoutingFacts> = {}): RoutingFacts => ({
  kind: 'new',
  origin: 'nurse',
  requesterPractitionerId: 'prac-nurse',
  prescriber: attending,
  supervisor: null,
  rxcui: '29046',
  deaSchedule: null,
  findingSeverities: [],
  protocol: { enabled: true, rxcuis: ['29046'] },
  ...over,
});

describe('prescription routing', () => {
  it('When a nurse prepares a request for a named prescriber, then it goes to that prescriber, not signable in the same action', () => {
    expect(decideRouting(facts())).toEqual({
      route: 'signer',
      signerPractitionerId: attending.id,
      signerUserId: attending.userId,
      via: 'named-prescriber',
      selfSignEligible: false,
    });
  });

  it('When a resident requests, then it goes to the supervising physician', () => {
    const decision = decideRouting(facts({ origin: 'resident', requesterPractitionerId: resident.id, prescriber: resident, supervisor: attending }));
    expect(decision).toMatchObject({ route: 'signer', signerPractitionerId: attending.id, via: 'supervising-physician', selfSignEligible: false });
  });

  it("When a physician requests a non-controlled drug as themselves without a high finding, then it may be signed in the same action", () => {
    const own = facts({ origin: 'physician', requesterPractitionerId: attending.id, findingSeverities: ['moderate'] });
    expect(decideRouting(own)).toMatchObject({ route: 'signer', selfSignEligible: true });
    expect(decideRouting({ ...own, findingSeverities: ['high'] })).toMatchObject({ selfSignEligible: false });
    expect(decideRouting({ ...own, deaSchedule: 'IV' })).toMatchObject({ selfSignEligible: false });
  });

  it('When a pharmacy asks for a routine refill of a protocol drug with no findings, then it goes to the nurse pool under protocol', () => {
    expect(decideRouting(facts({ kind: 'refill', origin: 'pharmacy' }))).toEqual({ route: 'protocol' });
    expect(decideRouting(facts({ kind: 'refill', origin: 'patient' }))).toEqual({ route: 'protocol' });
  });

  it('When a refill is not routine (a finding, a controlled drug, an unlisted drug, protocol off), then it goes to a prescriber', () => {
    const refill = facts({ kind: 'refill', origin: 'pharmacy' });
    for (const variant of [
      { ...refill, findingSeverities: ['low' as const] },
      { ...refill, deaSchedule: 'IV' },
      { ...refill, rxcui: '36567' },
      { ...refill, protocol: { enabled: false, rxcuis: ['29046'] } },
    ]) {
      expect(decideRouting(variant)).toMatchObject({ route: 'signer', signerPractitionerId: attending.id });
    }
  });

  it('When no one may sign (inactive prescriber, no supervisor) or the signer lacks DEA for a controlled drug, then it is unroutable', () => {
    expect(decideRouting(facts({ prescriber: { ...attending, active: false } }))).toEqual({ route: 'unroutable', reason: 'no-eligible-signer' });
    expect(decideRouting(facts({ prescriber: resident, supervisor: null }))).toEqual({ route: 'unroutable', reason: 'no-eligible-signer' });
    expect(decideRouting(facts({ deaSchedule: 'II', prescriber: { ...attending, deaRegistered: false } }))).toEqual({
      route: 'unroutable',
      reason: 'signer-lacks-dea-registration',
    });
  });

  it('When a decision goes unanswered, then a signer escalates to cover, on-call, pool; a protocol refill to the prescriber then the pool', () => {
    expect(escalationTargets('signer', { physicianPoolId: 'pool-1', departmentId: 'dept-1', prescriberUserId: null })).toEqual([
      { kind: 'covering-practitioner' },
      { kind: 'on-call', departmentId: 'dept-1' },
      { kind: 'pool', poolId: 'pool-1' },
    ]);
    expect(escalationTargets('protocol', { physicianPoolId: 'pool-1', departmentId: null, prescriberUserId: 'user-attending' })).toEqual([
      { kind: 'user', userId: 'user-attending' },
      { kind: 'pool', poolId: 'pool-1' },
    ]);
  });
});
