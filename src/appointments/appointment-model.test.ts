import { Appointment } from './appointment-model.js';

describe('Appointment model', () => {
  const row = { id: 'a1', starts_at: new Date('2031-03-04T09:00:00Z'), ends_at: new Date('2031-03-04T09:45:00Z'), status: 'booked' };

  it('When an appointment row is read, then the record carries ISO instants and its duration in minutes', () => {
    const record = Appointment.fromDatabaseJson(row).toRecord<Record<string, unknown>>();
    expect(record).toMatchObject({ startsAt: '2031-03-04T09:00:00.000Z', endsAt: '2031-03-04T09:45:00.000Z', durationMinutes: 45 });
  });

  it('When an appointment is written, then the derived duration is not sent as a column', () => {
    const columns = Appointment.fromDatabaseJson(row).$toDatabaseJson();
    expect(columns).toMatchObject({ starts_at: '2031-03-04T09:00:00.000Z', status: 'booked' });
    expect(Object.keys(columns)).not.toContain('duration_minutes');
  });
});
