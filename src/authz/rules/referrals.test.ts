import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { asSubject, buildAbility } from '../ability.js';
import { accessibleWhere } from '../accessible-where.js';
import { type Actor } from '../actor.js';
import { pickPermitted } from '../permitted-fields.js';
import { withReferralScope } from './referrals.js';

// Builds SQL text only; no connection is opened.
const sql = knex({ client: 'pg' });
const tenantId = randomUUID();
const actor = (over: Partial<Actor>): Actor => ({ type: 'user', id: randomUUID(), tenantId, role: 'physician', mfa: true, ...over });
const scoped = (a: Actor, departmentIds: string[] = [], taskReferralIds: string[] = []) => buildAbility(withReferralScope(a, { departmentIds, taskReferralIds }));
const referral = (over: Record<string, unknown> = {}) =>
  asSubject('Referral', {
    id: randomUUID(),
    tenantId,
    patientId: randomUUID(),
    referringPractitionerId: randomUUID(),
    referringDepartmentId: randomUUID(),
    targetPractitionerId: null,
    targetDepartmentId: randomUUID(),
    targetKind: 'department',
    status: 'received',
    reason: 'r',
    clinicalQuestion: 'q',
    timeline: [],
    ...over,
  });

describe('referral permissions', () => {
  it('When a physician referred the patient, then they read and cancel it but do not triage it', () => {
    const me = randomUUID();
    const ability = scoped(actor({ practitionerId: me }));
    const mine = referral({ referringPractitionerId: me });
    expect(ability.can('read', mine)).toBe(true);
    expect(ability.can('cancel', mine)).toBe(true);
    expect(ability.can('triage', mine)).toBe(false);
    expect(ability.can('read', referral())).toBe(false);
  });

  it('When a physician belongs to the receiving department, then they triage and report on what it received, but not a draft', () => {
    const department = randomUUID();
    const ability = scoped(actor({ practitionerId: randomUUID() }), [department]);
    expect(ability.can('triage', referral({ targetDepartmentId: department }))).toBe(true);
    expect(ability.can('report', referral({ targetDepartmentId: department }))).toBe(true);
    expect(ability.can('read', referral({ targetDepartmentId: department, status: 'draft' }))).toBe(false);
    expect(ability.can('cancel', referral({ targetDepartmentId: department }))).toBe(false);
  });

  it('When a physician holds one of the referral’s tasks (as a cover or escalation target), then they may see it and act on it', () => {
    const held = referral();
    const ability = scoped(actor({ practitionerId: randomUUID() }), [], [held.id]);
    expect(ability.can('read', held)).toBe(true);
    expect(ability.can('report', held)).toBe(true);
    expect(ability.can('reroute', held)).toBe(false);
  });

  it('When the referral goes to an outside organisation, then the referring side records its answer', () => {
    const me = randomUUID();
    const ability = scoped(actor({ practitionerId: me }));
    expect(ability.can('triage', referral({ referringPractitionerId: me, targetKind: 'external', targetDepartmentId: null }))).toBe(true);
  });

  it('When a scheduler reads, then only referrals waiting to be booked or booked are theirs, without clinical content', () => {
    const ability = scoped(actor({ role: 'scheduler' }));
    expect(ability.can('read', referral({ status: 'received' }))).toBe(false);
    const visible = pickPermitted(ability, 'read', 'Referral', referral({ status: 'accepted' }));
    expect(visible).toHaveProperty('timeline');
    expect(visible).not.toHaveProperty('reason');
    expect(visible).not.toHaveProperty('clinicalQuestion');
  });

  it('When ops read, then they get the workflow state but not the patient or the clinical content', () => {
    const visible = pickPermitted(scoped(actor({ role: 'ops' })), 'read', 'Referral', referral());
    expect(visible).toHaveProperty('status');
    expect(visible).not.toHaveProperty('patientId');
    expect(visible).not.toHaveProperty('reason');
  });

  it('When a nurse belongs to no department, then the list query matches nothing; in one, it is confined to that department', () => {
    const where = (departments: string[]) =>
      sql('referrals').select('id').where(accessibleWhere(scoped(actor({ role: 'nurse' }), departments), 'read', 'Referral')).toSQL().toNative();
    // Knex renders an empty `in` list as `1 = 0` (bound): no row matches.
    const none = where([]);
    expect(none.sql).not.toContain('department_id');
    expect(none.sql).toMatch(/^select "id" from "referrals" where \(\(\(1 = \$1/);
    expect(none.bindings[0]).toBe(0);
    const department = randomUUID();
    const q = where([department]);
    expect(q.sql).toContain('"referring_department_id" in (');
    expect(q.sql).toContain('"target_department_id" in (');
    expect(q.bindings).toEqual(expect.arrayContaining([department, tenantId]));
  });

  it('When a patient or a service account reads, then a patient sees their own (status only) and a service nothing', () => {
    const patientId = randomUUID();
    const ability = scoped(actor({ role: 'patient', patientId }));
    expect(Object.keys(pickPermitted(ability, 'read', 'Referral', referral({ patientId })))).not.toContain('reason');
    expect(ability.can('read', referral())).toBe(false);
    expect(scoped(actor({ type: 'service', role: 'integration' })).can('read', 'Referral')).toBe(false);
  });
});
