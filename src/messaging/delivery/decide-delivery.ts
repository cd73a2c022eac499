/**
 * The gates, in order, as one pure decision made at send time:
 *   1. an inactive recipient gets nothing;
 *   2. consent and contact: the first channel (of those the request allows, preferred first) that the
 *      recipient consented to and has an address for; none → suppressed with the first channel's reason;
 *   3. SMS timing: quiet hours in the reader's zone and the patient's frequency cap → deferred.
 * Critical clinical alerts to staff skip step 3 (never consent). Email has no quiet hours or cap.
 */
import { type FrequencyCaps } from '../frequency-cap.js';
import { type SendWindow } from '../quiet-hours.js';
import { earliestSendTime } from '../send-schedule.js';
import { type ChannelChoice, type MessageChannel, type MessagePurpose, type SuppressionReason } from '../../workflows/shared/messaging.js';
import { type Recipient } from './recipient.js';

export type Decision =
  | { action: 'suppress'; reason: SuppressionReason }
  | { action: 'defer'; until: Date; reason: 'quiet-hours' | 'frequency-cap' }
  | { action: 'send'; channel: MessageChannel; address: string; fallbackEmail: string | undefined };

export interface DecisionInput {
  channel: ChannelChoice;
  purpose: MessagePurpose;
  recipient: Recipient;
  now: Date;
  timeZone: string;
  window: SendWindow;
  caps: FrequencyCaps;
  /** Counted SMS already sent (or possibly sent) to this patient. */
  smsSentAt: readonly Date[];
}

function candidates(choice: ChannelChoice, recipient: Recipient): MessageChannel[] {
  if (choice !== 'preferred') return [choice];
  return recipient.preferred === 'email' ? ['email', 'sms'] : ['sms', 'email'];
}

/** Whether the SMS timing rules are waived: a critical clinical alert to a member of staff. */
export const isTimingExempt = (purpose: MessagePurpose, recipient: Pick<Recipient, 'kind'>) =>
  purpose === 'staff-clinical-alert' && recipient.kind === 'user';

/** Quiet hours and (for patients) the frequency cap; undefined when an SMS may go now. */
export function smsHold(input: Omit<DecisionInput, 'channel'>): Extract<Decision, { action: 'defer' }> | undefined {
  const schedule = earliestSendTime({
    now: input.now,
    timeZone: input.timeZone,
    sentAt: input.recipient.kind === 'patient' ? input.smsSentAt : [],
    window: input.window,
    caps: input.caps,
    criticalStaffEscalation: isTimingExempt(input.purpose, input.recipient),
  });
  if (schedule.sendAt === 'now') return undefined;
  return { action: 'defer', until: schedule.sendAt, reason: schedule.heldBy === 'quiet-hours' ? 'quiet-hours' : 'frequency-cap' };
}

export function decideDelivery(input: DecisionInput): Decision {
  const { recipient } = input;
  if (!recipient.active) return { action: 'suppress', reason: 'recipient-inactive' };
  if (input.channel === 'preferred' && recipient.preferred === 'none') return { action: 'suppress', reason: 'no-consent' };
  const order = candidates(input.channel, recipient);
  const channel = order.find((c) => recipient[c].ok);
  if (!channel) {
    const first = recipient[order[0]!];
    return { action: 'suppress', reason: first.ok ? 'no-contact' : first.reason };
  }
  const availability = recipient[channel];
  if (!availability.ok) return { action: 'suppress', reason: availability.reason };
  if (channel === 'sms') {
    const hold = smsHold(input);
    if (hold) return hold;
  }
  const email = recipient.email;
  return { action: 'send', channel, address: availability.address, fallbackEmail: channel === 'sms' && email.ok ? email.address : undefined };
}
