import { randomUUID } from 'node:crypto';
import knex from 'knex';
import { createMongoAbility } from '@casl/ability';
import { type AppAbility, buildAbility } from './ability.js';
import { accessibleWhere } from './accessible-where.js';
import { type Actor } from './actor.js';

// Builds SQL text only; no connection is opened.
const sql = knex({ client: 'pg' });
const tenantId = randomUUID();
const actor = (over: Partial<Actor>): Actor => ({ type: 'user', id: randomUUID(), tenantId, role: 'nurse', mfa: true, ...over });

function whereOf(a: Actor, action: Parameters<typeof accessibleWhere>[1], subjectType: Parameters<typeof accessibleWhere>[2], table?: string) {
  return sql('t').select('*').where(accessibleWhere(buildAbility(a), action, subjectType, { table })).toSQL().toNative();
}

describe('accessibleWhere', () => {
  it('When a role may read every patient of its tenant, then the query is confined to that tenant', () => {
    const q = whereOf(actor({ role: 'nurse' }), 'read', 'Patient');
    expect(q.sql).toBe('select * from "t" where ("tenant_id" = $1)');
    expect(q.bindings).toEqual([tenantId]);
  });

  it('When a patient reads patients, then the query is confined to their own record', () => {
    const patientId = randomUUID();
    const q = whereOf(actor({ role: 'patient', patientId }), 'read', 'Patient');
    expect(q.sql).toBe('select * from "t" where (("id" = $1 and "tenant_id" = $2))');
    expect(q.bindings).toEqual([patientId, tenantId]);
  });

  it('When a role has no rule for the action, then the query matches no row', () => {
    const q = whereOf(actor({ role: 'integration' }), 'read', 'Patient');
    expect(q.sql).toBe('select * from "t" where (false)');
  });

  it('When columns are qualified, then the table prefix is used and fields become snake_case', () => {
    const practitionerId = randomUUID();
    const q = whereOf(actor({ role: 'physician', practitionerId }), 'delete', 'Coverage', 'c');
    expect(q.sql).toBe('select * from "t" where (("c"."practitioner_id" = $1 and "c"."tenant_id" = $2))');
  });

  it('When grants overlap and a conditional cannot applies, then grants are ORed and the cannot is ANDed as NOT', () => {
    const ability = createMongoAbility<AppAbility>([
      { action: 'read', subject: 'Coverage', conditions: { practitionerId: { $in: ['a', 'b'] } } },
      { action: 'read', subject: 'Coverage', conditions: { reason: null, startsAt: { $gte: '2026-01-01' } } },
      { action: 'read', subject: 'Coverage', conditions: { practitionerId: 'b' }, inverted: true },
    ]);
    const q = sql('t').where(accessibleWhere(ability, 'read', 'Coverage')).toSQL().toNative();
    expect(q.sql).toBe(
      'select * from "t" where ((("reason" is null and "starts_at" >= $1 and not ("practitioner_id" = $2)) or ("practitioner_id" in ($3, $4) and not ("practitioner_id" = $5))))',
    );
    expect(q.bindings).toEqual(['2026-01-01', 'b', 'a', 'b', 'b']);
  });

  it('When a condition uses an operator SQL translation does not know, then building the query throws', () => {
    const ability = createMongoAbility<AppAbility>([{ action: 'read', subject: 'Coverage', conditions: { reason: { $regex: 'x' } } }]);
    expect(() => sql('t').where(accessibleWhere(ability, 'read', 'Coverage')).toSQL()).toThrow('no SQL translation');
  });
});
