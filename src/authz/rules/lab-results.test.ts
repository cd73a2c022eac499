import { randomUUID } from 'node:crypto';
import { asSubject, buildAbility } from '../ability.js';
import { type Actor } from '../actor.js';

const tenantId = randomUUID();
const actor = (role: 'physician' | 'nurse'): Actor => ({ type: 'user', id: randomUUID(), tenantId, role, practitionerId: randomUUID(), mfa: true });
const unmatched = () => asSubject('LabResult', { id: randomUUID(), tenantId, matchStatus: 'unmatched', viewerPractitionerId: null, patientId: null });

describe('lab result permissions', () => {
  it('When a nurse or a physician looks at an unmatched result, then both may read it and only the nurse may reconcile it', () => {
    // The reconciliation task sits in the nurse pool: a physician's match would be refused by its workflow.
    const nurse = buildAbility(actor('nurse'));
    const physician = buildAbility(actor('physician'));
    expect([nurse.can('read', unmatched()), nurse.can('reconcile', unmatched())]).toEqual([true, true]);
    expect([physician.can('read', unmatched()), physician.can('reconcile', unmatched()), physician.can('reconcile', 'LabResult')]).toEqual([true, false, false]);
  });
});
