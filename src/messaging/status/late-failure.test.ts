import { type LateFailureRow, lateFailureVerdict } from './late-failure.js';

const NOW = new Date('2027-03-10T18:00:00Z');
const HOUR = 3600_000;
const WINDOW = 4 * HOUR;
const row = (overrides: Partial<LateFailureRow> = {}): LateFailureRow => ({
  channel: 'sms',
  status: 'undelivered',
  sentAt: new Date(NOW.getTime() - 5 * 60_000).toISOString(),
  fallbackOf: null,
  purpose: 'appointment-reminder',
  replyExpiresAt: null,
  ...overrides,
});

describe('late SMS failure → email instead', () => {
  it('When the carrier reports a text undelivered or failed minutes after it was accepted, then it goes by email', () => {
    expect(lateFailureVerdict(row(), NOW, WINDOW)).toEqual({ emailInstead: true });
    expect(lateFailureVerdict(row({ status: 'failed' }), NOW, WINDOW)).toEqual({ emailInstead: true });
    expect(lateFailureVerdict(row({ sentAt: new Date(NOW.getTime() - WINDOW).toISOString() }), NOW, WINDOW)).toEqual({ emailInstead: true });
  });

  it('When the text was delivered, is still in flight, was never accepted or was an email, then nothing more is sent', () => {
    for (const status of ['delivered', 'sent', 'queued', 'deferred', 'suppressed'] as const) {
      expect(lateFailureVerdict(row({ status }), NOW, WINDOW)).toEqual({ emailInstead: false, reason: 'not-a-late-sms-failure' });
    }
    // Refused at once: deliver-message.ts sent its email in the same activity.
    expect(lateFailureVerdict(row({ status: 'failed', sentAt: null }), NOW, WINDOW)).toEqual({ emailInstead: false, reason: 'not-a-late-sms-failure' });
    expect(lateFailureVerdict(row({ channel: 'email' }), NOW, WINDOW)).toEqual({ emailInstead: false, reason: 'not-a-late-sms-failure' });
  });

  it('When the report comes after the window, after the reply window closed, for a keyword reply, a staff alert or a replacement, then no email goes', () => {
    expect(lateFailureVerdict(row({ sentAt: new Date(NOW.getTime() - WINDOW - 1).toISOString() }), NOW, WINDOW)).toEqual({ emailInstead: false, reason: 'too-late' });
    expect(lateFailureVerdict(row({ replyExpiresAt: NOW.toISOString() }), NOW, WINDOW)).toEqual({ emailInstead: false, reason: 'reply-window-closed' });
    expect(lateFailureVerdict(row({ replyExpiresAt: new Date(NOW.getTime() + HOUR).toISOString() }), NOW, WINDOW)).toEqual({ emailInstead: true });
    expect(lateFailureVerdict(row({ purpose: 'keyword-response' }), NOW, WINDOW)).toEqual({ emailInstead: false, reason: 'purpose' });
    // Staff alerts go by text and email at once, and escalate until acknowledged.
    expect(lateFailureVerdict(row({ purpose: 'staff-clinical-alert' }), NOW, WINDOW)).toEqual({ emailInstead: false, reason: 'purpose' });
    expect(lateFailureVerdict(row({ fallbackOf: '5f0c1a52-64b5-4d8e-9d43-6f1f2b4f1c11' }), NOW, WINDOW)).toEqual({ emailInstead: false, reason: 'is-a-fallback' });
  });

  it('When the window is 0, then late failures never send email', () => {
    expect(lateFailureVerdict(row(), NOW, 0)).toEqual({ emailInstead: false, reason: 'off' });
  });
});
