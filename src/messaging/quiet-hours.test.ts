import { InvalidTimeZoneError } from './local-time.js';
import { InvalidSendWindowError, LEGAL_SEND_WINDOW, nextAllowedSendTime, resolveSendWindow } from './quiet-hours.js';

const NY = 'America/New_York';
const at = (iso: string) => new Date(iso);

describe('nextAllowedSendTime', () => {
  it('When it is 22:30 local, then the next allowed instant is 08:00 local the next day', () => {
    // 2025-06-10 22:30 EDT (UTC-4)
    expect(nextAllowedSendTime(at('2025-06-11T02:30:00Z'), NY)).toEqual(at('2025-06-11T12:00:00Z'));
  });

  it('When it is 07:59 local, then the next allowed instant is 08:00 the same day', () => {
    expect(nextAllowedSendTime(at('2025-06-11T11:59:30Z'), NY)).toEqual(at('2025-06-11T12:00:00Z'));
  });

  it('When it is inside the window, then it answers now', () => {
    expect(nextAllowedSendTime(at('2025-06-11T12:00:00Z'), NY)).toBe('now');
    expect(nextAllowedSendTime(at('2025-06-12T00:59:59Z'), NY)).toBe('now'); // 20:59:59 EDT
  });

  it('When it is exactly 21:00 local, then the window is already closed', () => {
    expect(nextAllowedSendTime(at('2025-06-12T01:00:00Z'), NY)).toEqual(at('2025-06-12T12:00:00Z'));
  });

  it('When the night spans the spring-forward change in New York, then the opening is 08:00 EDT', () => {
    // Sat 2025-03-08 22:30 EST (UTC-5) -> Sun 2025-03-09 08:00 EDT (UTC-4): 8.5 real hours, not 9.5.
    expect(nextAllowedSendTime(at('2025-03-09T03:30:00Z'), NY)).toEqual(at('2025-03-09T12:00:00Z'));
  });

  it('When the night spans the fall-back change in New York, then the opening is 08:00 EST', () => {
    // Sat 2025-11-01 22:30 EDT (UTC-4) -> Sun 2025-11-02 08:00 EST (UTC-5).
    expect(nextAllowedSendTime(at('2025-11-02T02:30:00Z'), NY)).toEqual(at('2025-11-02T13:00:00Z'));
  });

  it('When it is the early hours of a DST day in New York, then the opening is 08:00 that day in the new offset', () => {
    expect(nextAllowedSendTime(at('2025-03-09T07:30:00Z'), NY)).toEqual(at('2025-03-09T12:00:00Z')); // 03:30 EDT
    expect(nextAllowedSendTime(at('2025-11-02T06:30:00Z'), NY)).toEqual(at('2025-11-02T13:00:00Z')); // 01:30 EST
  });

  it('When the patient is in Auckland, then the local calendar, not the UTC one, decides the day', () => {
    // 2025-07-15 22:30 NZST (UTC+12) is 10:30 UTC the same date; the opening is 16 July 08:00 NZST.
    expect(nextAllowedSendTime(at('2025-07-15T10:30:00Z'), 'Pacific/Auckland')).toEqual(at('2025-07-15T20:00:00Z'));
    // 07:00 NZST on 16 July is still 15 July in UTC.
    expect(nextAllowedSendTime(at('2025-07-15T19:00:00Z'), 'Pacific/Auckland')).toEqual(at('2025-07-15T20:00:00Z'));
  });

  it('When the night spans Auckland daylight saving start, then the opening is 08:00 NZDT', () => {
    // Sat 2025-09-27 22:30 NZST (UTC+12) -> Sun 2025-09-28 08:00 NZDT (UTC+13).
    expect(nextAllowedSendTime(at('2025-09-27T10:30:00Z'), 'Pacific/Auckland')).toEqual(at('2025-09-27T19:00:00Z'));
  });

  it('When the tenant narrows the window to 09:30-17:00, then 09:00 waits for 09:30 and 17:00 waits for tomorrow', () => {
    const window = resolveSendWindow({ start: '09:30', end: '17:00' });
    expect(nextAllowedSendTime(at('2025-06-11T13:00:00Z'), NY, window)).toEqual(at('2025-06-11T13:30:00Z'));
    expect(nextAllowedSendTime(at('2025-06-11T21:00:00Z'), NY, window)).toEqual(at('2025-06-12T13:30:00Z'));
    expect(nextAllowedSendTime(at('2025-06-11T20:59:00Z'), NY, window)).toBe('now');
  });

  it('When the time zone is unknown, then it throws InvalidTimeZoneError', () => {
    expect(() => nextAllowedSendTime(at('2025-06-11T12:00:00Z'), 'Mars/Olympus_Mons')).toThrow(InvalidTimeZoneError);
  });
});

describe('resolveSendWindow', () => {
  it('When the tenant configures nothing, then the legal 08:00-21:00 window applies', () => {
    expect(resolveSendWindow()).toEqual(LEGAL_SEND_WINDOW);
  });

  it('When the tenant widens the window, then it is rejected by default', () => {
    expect(() => resolveSendWindow({ start: '07:00' })).toThrow(InvalidSendWindowError);
    expect(() => resolveSendWindow({ end: '21:01' })).toThrow(InvalidSendWindowError);
  });

  it('When the tenant widens the window and clamping is asked for, then it is narrowed to the legal bounds', () => {
    expect(resolveSendWindow({ start: '06:00', end: '23:00' }, { onWider: 'clamp' })).toEqual(LEGAL_SEND_WINDOW);
    expect(resolveSendWindow({ start: '06:00', end: '12:00' }, { onWider: 'clamp' })).toEqual({ startMinute: 480, endMinute: 720 });
  });

  it.each([{ start: '8:00' }, { end: '25:00' }, { start: '12:00', end: '12:00' }, { start: '18:00', end: '09:00' }])(
    'When the window is malformed or empty (%j), then it is rejected',
    (config) => {
      expect(() => resolveSendWindow(config)).toThrow(InvalidSendWindowError);
    },
  );
});
