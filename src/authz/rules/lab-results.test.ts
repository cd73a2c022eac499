import { randomUUID } from 'node:crypto';
import { asSubject, buildAbility } from '../ability.js';
import { type Actor } from '../actor.js';

const tenantId = randomUUID();
const actor = (role: 'physician' | 'nurse' | 'admin' | 'ops' | 'scheduler'): Actor => ({ type: 'user', id: randomUUID(), tenantId, role, practitionerId: randomUUID(), mfa: true });
const unmatched = () => asSubject('LabResult', { id: randomUUID(), tenantId, matchStatus: 'unmatched', viewerPractitionerId: null, patientId: null });

describe('lab result permissions', () => {
  it('When a nurse or a physician looks at an unmatched result, then both may read it and only the nurse may reconcile it', () => {
    // The reconciliation task sits in the nurse pool: a physician's match would be refused by its workflow.
    const nurse = buildAbility(actor('nurse'));
    const physician = buildAbility(actor('physician'));
    expect([nurse.can('read', unmatched()), nurse.can('reconcile', unmatched())]).toEqual([true, true]);
    expect([physician.can('read', unmatched()), physician.can('reconcile', unmatched()), physician.can('reconcile', 'LabResult')]).toEqual([true, false, false]);
  });

  it('When lab configuration is checked, then administrators manage it, clinicians read what governs their work and ops read integrations', () => {
    const matrix = (role: Parameters<typeof actor>[0]) => {
      const ability = buildAbility(actor(role));
      return {
        integration: (['read', 'create', 'update'] as const).filter((action) => ability.can(action, 'LabIntegration')),
        ranges: (['read', 'update', 'delete'] as const).filter((action) => ability.can(action, 'LabCriticalRange')),
        settings: (['read', 'update'] as const).filter((action) => ability.can(action, 'LabSettings')),
      };
    };
    expect(matrix('admin')).toEqual({ integration: ['read', 'create', 'update'], ranges: ['read', 'update', 'delete'], settings: ['read', 'update'] });
    expect(matrix('physician')).toEqual({ integration: [], ranges: ['read'], settings: ['read'] });
    expect(matrix('nurse')).toEqual({ integration: [], ranges: ['read'], settings: [] });
    expect(matrix('ops')).toEqual({ integration: ['read'], ranges: [], settings: [] });
    expect(matrix('scheduler')).toEqual({ integration: [], ranges: [], settings: [] });
  });

  it('When an administrator’s rules meet another tenant’s integration, then they do not apply', () => {
    const admin = buildAbility(actor('admin'));
    expect(admin.can('update', asSubject('LabIntegration', { id: randomUUID(), tenantId: randomUUID() }))).toBe(false);
    expect(admin.can('update', asSubject('LabIntegration', { id: randomUUID(), tenantId }))).toBe(true);
  });
});
