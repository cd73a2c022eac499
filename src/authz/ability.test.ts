import { randomUUID } from 'node:crypto';
import { buildAbility } from './ability.js';
import { type Actor, ROLES, type Role } from './actor.js';
import { type Action, type SubjectType } from './subjects.js';

/**
 * The role × permission table, checked against the rules. Letters: r read, c create, u update,
 * d delete, e encode, x decode (codec), n enroll, p export (a patient's copy of their record), l disclose (that copy, released by staff). Lower-case = any record of the tenant; an entry
 * in `OWN` = only records meeting the role's condition (own patient record, own coverage…).
 * Anything not listed is denied.
 */
const TABLE: Record<Role, Partial<Record<SubjectType, string>>> = {
  admin: { Patient: 'rcul', PatientConsent: 'ru', Practitioner: 'rcud', Department: 'rcud', DepartmentMember: 'rcud', Coverage: 'rcud', User: 'rcu', ApiKey: 'rcd', Tenant: 'ru', AuditEvent: 'r', TemporalPayload: 'ex', SystemCheck: 'rc', Mfa: 'n' },
  scheduler: { Patient: 'rcu', PatientConsent: 'ru', Practitioner: 'r', Department: 'r', DepartmentMember: 'r', Coverage: 'rcud', Mfa: 'n' },
  physician: { Patient: 'ru', PatientConsent: 'r', Practitioner: 'r', Department: 'r', DepartmentMember: 'r', Coverage: 'rcud', Mfa: 'n' },
  nurse: { Patient: 'rcu', PatientConsent: 'ru', Practitioner: 'r', Department: 'r', DepartmentMember: 'r', Coverage: 'r', Mfa: 'n' },
  pharmacist: { Patient: 'r', Practitioner: 'r', Department: 'r', DepartmentMember: 'r', Coverage: 'r', Mfa: 'n' },
  ops: { Patient: 'r', Practitioner: 'r', Department: 'r', DepartmentMember: 'r', Coverage: 'r', TemporalPayload: 'ex', SystemCheck: 'rc', Mfa: 'n' },
  patient: { Patient: 'rup', PatientConsent: 'ru', Mfa: 'n' },
  integration: {},
};

/** Grants that hold only for some records (conditions), per role. */
const OWN: Partial<Record<Role, string[]>> = {
  physician: ['Coverage:c', 'Coverage:u', 'Coverage:d'],
  patient: ['Patient:r', 'Patient:u', 'Patient:p', 'PatientConsent:r', 'PatientConsent:u'],
};

const LETTERS: Record<string, Action> = { r: 'read', c: 'create', u: 'update', d: 'delete', e: 'encode', x: 'decode', n: 'enroll', p: 'export', l: 'disclose' };
const SUBJECTS: SubjectType[] = ['Patient', 'PatientConsent', 'Practitioner', 'Department', 'DepartmentMember', 'Coverage', 'User', 'ApiKey', 'Tenant', 'AuditEvent', 'TemporalPayload', 'SystemCheck', 'Mfa'];

const tenantId = randomUUID();
const actorFor = (role: Role): Actor => ({
  type: role === 'integration' ? 'service' : 'user',
  id: randomUUID(),
  tenantId,
  role,
  practitionerId: randomUUID(),
  patientId: randomUUID(),
  mfa: true,
});

describe('role × permission table', () => {
  describe.each(ROLES)('%s', (role) => {
    const ability = buildAbility(actorFor(role));
    it.each(SUBJECTS)('When %s is checked, then exactly the table’s actions are granted', (subject) => {
      const granted = Object.entries(LETTERS)
        .filter(([, action]) => ability.can(action, subject))
        .map(([letter]) => letter)
        .join('');
      const expected = Object.keys(LETTERS).filter((l) => (TABLE[role][subject] ?? '').includes(l)).join('');
      expect(granted).toBe(expected);
    });

    it('When its rules are listed, then only the expected grants carry record conditions beyond the tenant', () => {
      const letterOf = (action: string) => Object.keys(LETTERS).find((l) => LETTERS[l] === action) ?? action;
      const conditioned = ability.rules
        .filter((r) => !r.inverted && r.conditions && Object.keys(r.conditions).some((k) => k !== 'tenantId'))
        .flatMap((r) => [r.subject].flat().flatMap((s) => [r.action].flat().map((a) => `${String(s)}:${letterOf(String(a))}`)))
        // Identity subjects only (other features test their own); everyone enrols only their own second factor.
        .filter((key) => SUBJECTS.includes(key.split(':')[0] as SubjectType) && key !== 'Mfa:n');
      expect(conditioned.sort()).toEqual([...(OWN[role] ?? [])].sort());
    });
  });

  it('When a grant is checked against another tenant’s record, then it is denied for every role', () => {
    for (const role of ROLES) {
      const ability = buildAbility(actorFor(role));
      expect(ability.can('read', { __caslSubjectType__: 'Practitioner', tenantId: randomUUID() })).toBe(false);
    }
  });

  it('When a session still has to enrol MFA, then it may enrol and nothing else', () => {
    const ability = buildAbility({ ...actorFor('admin'), mfaEnrollmentPending: true });
    expect(SUBJECTS.filter((s) => Object.values(LETTERS).some((a) => ability.can(a, s)))).toEqual(['Mfa']);
  });
});
