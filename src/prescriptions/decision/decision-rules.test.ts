import { generateKeyPairSync } from 'node:crypto';
import { createAssertionIssuer } from '../epcs/assertion-issuer.js';
import { type DecisionFacts, prescriptionDecisionRejection, uncoveredHighFindings } from './decision-rules.js';

const issuer = createAssertionIssuer(generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
const now = Date.UTC(2026, 10, 26, 12);
const physician = { type: 'user', id: 'user-phys', role: 'physician' };

const facts = (over: Partial<DecisionFacts> = {}): DecisionFacts => ({
  tenantId: 'tenant-1',
  prescriptionId: 'rx-1',
  taskKind: 'signature',
  deaSchedule: null,
  highFindingCodes: [],
  verificationKeys: issuer.verificationKeys(),
  ...over,
});

function assertion(over: Partial<Parameters<typeof issuer.issue>[0]> = {}) {
  return issuer.issue(
    {
      tenantId: 'tenant-1',
      prescriptionId: 'rx-1',
      userId: physician.id,
      practitionerId: 'prac-1',
      prescriber: true,
      deaRegistered: false,
      factors: [],
      deaSchedule: null,
      contentDigest: 'f'.repeat(64),
      ...over,
    },
    now,
  ).token;
}

const approve = (payload: Record<string, unknown>, actor = physician) => ({ actor, outcome: 'approve', payload: { authoredOn: new Date(now).toISOString(), ...payload } });

describe('prescription decision rules', () => {
  it('When a prescriber approves a non-controlled request with a valid assertion, then nothing is rejected', () => {
    expect(prescriptionDecisionRejection(facts(), approve({ assertion: assertion() }), now)).toBeUndefined();
  });

  it('When approval carries no signing assertion, then it is forbidden', () => {
    expect(prescriptionDecisionRejection(facts(), approve({}), now)).toEqual({ kind: 'forbidden', reason: 'signing-assertion-required' });
  });

  it('When the assertion was issued for another user, prescription or tenant, then it does not bind', () => {
    for (const token of [assertion({ userId: 'user-other' }), assertion({ prescriptionId: 'rx-2' }), assertion({ tenantId: 'tenant-2' })]) {
      expect(prescriptionDecisionRejection(facts(), approve({ assertion: token }), now)).toEqual({ kind: 'forbidden', reason: 'signing-assertion-mismatch' });
    }
  });

  it('When the assertion has expired, then it is forbidden as invalid', () => {
    expect(prescriptionDecisionRejection(facts(), approve({ assertion: assertion() }), now + 10 * 60_000)).toEqual({
      kind: 'forbidden',
      reason: 'signing-assertion-invalid',
    });
  });

  it('When the signer is not a licensed prescriber, then signing is forbidden', () => {
    expect(prescriptionDecisionRejection(facts(), approve({ assertion: assertion({ prescriber: false }) }), now)).toEqual({
      kind: 'forbidden',
      reason: 'not-a-prescriber',
    });
  });

  it('When a controlled drug is signed without a DEA registration or without a fresh second factor, then it is forbidden', () => {
    const controlled = facts({ deaSchedule: 'II' });
    expect(prescriptionDecisionRejection(controlled, approve({ assertion: assertion({ deaSchedule: 'II', factors: ['otp'] }) }), now)).toEqual({
      kind: 'forbidden',
      reason: 'dea-registration-required',
    });
    expect(prescriptionDecisionRejection(controlled, approve({ assertion: assertion({ deaSchedule: 'II', deaRegistered: true }) }), now)).toEqual({
      kind: 'forbidden',
      reason: 'second-factor-required',
    });
    expect(
      prescriptionDecisionRejection(controlled, approve({ assertion: assertion({ deaSchedule: 'II', deaRegistered: true, factors: ['otp'] }) }), now),
    ).toBeUndefined();
  });

  it('When the assertion names another schedule than the case, then it does not bind', () => {
    expect(prescriptionDecisionRejection(facts({ deaSchedule: 'IV' }), approve({ assertion: assertion({ deaSchedule: null }) }), now)).toEqual({
      kind: 'forbidden',
      reason: 'signing-assertion-mismatch',
    });
  });

  it('When a high finding has no override reason, then approval is invalid; with a reason it passes', () => {
    const withHigh = facts({ highFindingCodes: ['DDI:warfarin-nsaid'] });
    expect(prescriptionDecisionRejection(withHigh, approve({ assertion: assertion() }), now)).toEqual({ kind: 'invalid', reason: 'override-reason-required' });
    expect(prescriptionDecisionRejection(withHigh, approve({ assertion: assertion(), overrides: [{ code: 'DDI:warfarin-nsaid', reason: '  ' }] }), now)).toEqual({
      kind: 'invalid',
      reason: 'override-reason-required',
    });
    expect(
      prescriptionDecisionRejection(withHigh, approve({ assertion: assertion(), overrides: [{ code: 'DDI:warfarin-nsaid', reason: 'INR monitored weekly' }] }), now),
    ).toBeUndefined();
  });

  it('When a signer denies without a reason, then it is invalid', () => {
    expect(prescriptionDecisionRejection(facts(), { actor: physician, outcome: 'deny', note: ' ' }, now)).toEqual({ kind: 'invalid', reason: 'deny-reason-required' });
    expect(prescriptionDecisionRejection(facts(), { actor: physician, outcome: 'deny', note: 'Duplicate request' }, now)).toBeUndefined();
  });

  it('When a modification carries no changes, then it is invalid', () => {
    const modify = { ...approve({ assertion: assertion(), changes: {} }), outcome: 'modify' };
    expect(prescriptionDecisionRejection(facts(), modify, now)).toEqual({ kind: 'invalid', reason: 'changes-required' });
  });

  it('When the team chooses another pharmacy without naming it, then it is invalid', () => {
    expect(prescriptionDecisionRejection(facts({ taskKind: 'transmission' }), { actor: physician, outcome: 'change-pharmacy' }, now)).toEqual({
      kind: 'invalid',
      reason: 'pharmacy-required',
    });
  });

  it('When overrides cover only some high findings, then the rest are reported as uncovered', () => {
    expect(uncoveredHighFindings(['A', 'B'], [{ code: 'A', reason: 'ok' }])).toEqual(['B']);
  });
});
