import { DateTime } from 'luxon';
import { hasReachableResponsibleParty, isMinor } from './minors.js';

describe('minors', () => {
  const today = DateTime.fromISO('2026-11-26', { zone: 'utc' });

  it('When the patient turns 18 tomorrow, then they are still a minor', () => {
    expect(isMinor('2008-11-27', today)).toBe(true);
  });

  it('When the patient turned 18 today, then they are an adult', () => {
    expect(isMinor('2008-11-26', today)).toBe(false);
  });

  it('When a responsible party has a name and a phone or e-mail, then they are reachable', () => {
    expect(hasReachableResponsibleParty({ name: 'Parent', mobileE164: '+15555550100' })).toBe(true);
    expect(hasReachableResponsibleParty({ name: 'Parent', email: 'p@example.org' })).toBe(true);
  });

  it('When a responsible party has no contact, then they are not reachable', () => {
    expect(hasReachableResponsibleParty({ name: 'Parent', mobileE164: null, email: null })).toBe(false);
    expect(hasReachableResponsibleParty(undefined)).toBe(false);
  });
});
