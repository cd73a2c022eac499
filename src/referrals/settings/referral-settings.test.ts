import { referralSettingsOf } from './referral-settings.js';
import { stageDeadline } from './stage-deadline.js';

describe('referral settings', () => {
  it('When a tenant has no referral settings, then the issue’s defaults apply', () => {
    const settings = referralSettingsOf({});
    expect(settings.sla.triage).toEqual({ routine: { businessDays: 2 }, urgent: 'PT4H', emergent: 'PT1H' });
    expect(settings.sla.booking.routine).toBe('P14D');
    expect(settings.sla.report.routine).toBe('P7D');
    expect(settings.scheduling).toBe('patient');
    expect(settings.weekend).toEqual([6, 7]);
  });

  it('When a tenant overrides one urgency of one stage, then the others keep their defaults', () => {
    const settings = referralSettingsOf({ referrals: { sla: { triage: { routine: 'PT3S' } } } });
    expect(settings.sla.triage).toEqual({ routine: 'PT3S', urgent: 'PT4H', emergent: 'PT1H' });
    expect(settings.sla.booking.routine).toBe('P14D');
  });

  it('When a stored value no longer validates, then that part falls back to its default', () => {
    const settings = referralSettingsOf({ referrals: { sla: { report: { routine: 'soon' } }, scheduling: 'robot', calendar: { holidays: ['12/25'] } } });
    expect(settings.sla.report.routine).toBe('P7D');
    expect(settings.scheduling).toBe('patient');
    expect(settings.holidays).toEqual([]);
  });
});

describe('stageDeadline', () => {
  const start = new Date('2026-12-04T15:00:00-05:00'); // a Friday afternoon in New York

  it('When the SLA is a wall-clock duration, then weekends count like any other time', () => {
    const due = stageDeadline(start, 'triage', 'urgent', referralSettingsOf({}), 'America/New_York');
    expect(due.toISOString()).toBe('2026-12-05T00:00:00.000Z');
  });

  it('When the SLA is in business days, then the tenant calendar and its holidays decide', () => {
    const settings = referralSettingsOf({ referrals: { calendar: { holidays: ['2026-12-07'] } } });
    expect(stageDeadline(start, 'triage', 'routine', settings, 'America/New_York').toISOString()).toBe('2026-12-09T20:00:00.000Z');
  });
});
