import { escalationChain, taskPriority } from './escalation-chain.js';

describe('escalationChain', () => {
  it('When a department pool misses its SLA, then level 1 goes to the on-call and level 2 to the lead at twice the SLA', () => {
    expect(escalationChain(1000, { departmentId: 'd1', assignedToPractitioner: false })).toEqual([
      { after: 1000, to: [{ kind: 'on-call', departmentId: 'd1' }] },
      { after: 2000, to: [{ kind: 'department-lead', departmentId: 'd1' }] },
    ]);
  });

  it('When a practitioner’s own task misses its SLA, then their cover is tried before the on-call', () => {
    expect(escalationChain(500, { departmentId: 'd1', assignedToPractitioner: true })[0]).toEqual({
      after: 500,
      to: [{ kind: 'covering-practitioner' }, { kind: 'on-call', departmentId: 'd1' }],
    });
  });

  it('When there is no department, then only the practitioner’s cover can take the escalation', () => {
    expect(escalationChain(500, { departmentId: null, assignedToPractitioner: true })).toEqual([{ after: 500, to: [{ kind: 'covering-practitioner' }] }]);
    expect(escalationChain(500, { departmentId: null, assignedToPractitioner: false })).toEqual([]);
  });

  it('When a stage has no SLA, then it never escalates', () => {
    expect(escalationChain(null, { departmentId: 'd1', assignedToPractitioner: true })).toEqual([]);
  });

  it('When a referral is emergent, then its tasks are stat in the inbox', () => {
    expect([taskPriority('routine'), taskPriority('urgent'), taskPriority('emergent')]).toEqual(['routine', 'urgent', 'stat']);
  });
});
