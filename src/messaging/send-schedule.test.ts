import { resolveSendWindow } from './quiet-hours.js';
import { earliestSendTime } from './send-schedule.js';

const NY = 'America/New_York';
const at = (iso: string) => new Date(iso);

describe('earliestSendTime', () => {
  it('When nothing holds the message, then it goes now', () => {
    expect(earliestSendTime({ now: at('2025-06-11T15:00:00Z'), timeZone: NY, sentAt: [] })).toEqual({ sendAt: 'now' });
  });

  it('When it is night and nothing was sent, then it waits for 08:00 local', () => {
    expect(earliestSendTime({ now: at('2025-06-11T02:30:00Z'), timeZone: NY, sentAt: [] })).toEqual({
      sendAt: at('2025-06-11T12:00:00Z'),
      heldBy: 'quiet-hours',
    });
  });

  it('When the daily cap is used up, then the message waits for the window opening of the next local day', () => {
    const schedule = earliestSendTime({ now: at('2025-06-11T15:00:00Z'), timeZone: NY, sentAt: [at('2025-06-11T13:00:00Z')] });
    expect(schedule).toEqual({ sendAt: at('2025-06-12T12:00:00Z'), heldBy: 'daily-cap' });
  });

  it("When the tenant's window opens at 10:00, then a capped message waits for 10:00 on the next day", () => {
    const schedule = earliestSendTime({
      now: at('2025-06-11T15:00:00Z'),
      timeZone: NY,
      sentAt: [at('2025-06-11T14:00:00Z')],
      window: resolveSendWindow({ start: '10:00' }),
    });
    expect(schedule).toEqual({ sendAt: at('2025-06-12T14:00:00Z'), heldBy: 'daily-cap' });
  });

  it('When the message is a critical escalation to staff at 03:00, then it goes now despite cap and quiet hours', () => {
    const schedule = earliestSendTime({
      now: at('2025-06-11T07:00:00Z'),
      timeZone: NY,
      sentAt: [at('2025-06-11T05:00:00Z')],
      criticalStaffEscalation: true,
    });
    expect(schedule).toEqual({ sendAt: 'now' });
  });
});
