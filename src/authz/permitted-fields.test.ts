import { randomUUID } from 'node:crypto';
import { buildAbility } from './ability.js';
import { type Actor } from './actor.js';
import { assertFieldsPermitted, pickPermitted } from './permitted-fields.js';

const tenantId = randomUUID();
const actor = (over: Partial<Actor>): Actor => ({ type: 'user', id: randomUUID(), tenantId, role: 'nurse', mfa: true, ...over });
const patient = {
  id: randomUUID(),
  tenantId,
  mrn: 'MRN-1',
  givenName: 'Ada',
  familyName: 'Example',
  birthDate: '1990-01-01',
  mobileE164: '+15555550100',
  preferredChannel: 'sms',
  smsConsent: 'granted',
};

describe('field permissions', () => {
  it('When ops read a patient, then identity and contact fields are removed', () => {
    const seen = pickPermitted(buildAbility(actor({ role: 'ops' })), 'read', 'Patient', patient);
    expect(seen).toEqual({ id: patient.id, tenantId, preferredChannel: 'sms', smsConsent: 'granted' });
  });

  it('When a nurse reads a patient, then every field is kept', () => {
    expect(pickPermitted(buildAbility(actor({ role: 'nurse' })), 'read', 'Patient', patient)).toEqual(patient);
  });

  it('When a patient reads another patient’s record, then nothing is kept', () => {
    const seen = pickPermitted(buildAbility(actor({ role: 'patient', patientId: randomUUID() })), 'read', 'Patient', patient);
    expect(seen).toEqual({});
  });

  it('When a patient changes their own contact preferences, then it is allowed', () => {
    const ability = buildAbility(actor({ role: 'patient', patientId: patient.id }));
    expect(() => assertFieldsPermitted(ability, 'update', 'Patient', patient, ['mobileE164', 'preferredChannel'])).not.toThrow();
  });

  it('When a patient changes their own name, then it is refused with 403', () => {
    const ability = buildAbility(actor({ role: 'patient', patientId: patient.id }));
    expect(() => assertFieldsPermitted(ability, 'update', 'Patient', patient, ['familyName'])).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('When a patient record belongs to another tenant, then no field is granted even to a nurse', () => {
    const ability = buildAbility(actor({ role: 'nurse' }));
    expect(pickPermitted(ability, 'read', 'Patient', { ...patient, tenantId: randomUUID() })).toEqual({});
  });
});
