import { type RuleSet } from '../ability.js';

declare module '../subjects.js' {
  interface SubjectTypes {
    /** A patient's communications log: what was sent, suppressed and received, with statuses (no text). */
    Communication: true;
    /** The rendered text of messages (the development outbox only). */
    MessageContent: true;
  }
  interface ActionTypes {
    /** Crypto-shredding a patient's message texts on an erasure request. */
    erase: true;
  }
}

/**
 * Staff who look after patients, and ops engineers troubleshooting delivery, read the communications
 * log; it holds templates, channels and statuses, never message text. A patient reads their own.
 * The text of messages is for administrators, and only through the development outbox; they also
 * carry out a patient's erasure request on it (the contact data in the notification log).
 */
export const messagingRules: RuleSet = (can, _cannot, actor) => {
  switch (actor.role) {
    case 'admin':
      can('read', ['Communication', 'MessageContent']);
      can('erase', 'MessageContent');
      break;
    case 'scheduler':
    case 'nurse':
    case 'physician':
    case 'ops':
      can('read', 'Communication');
      break;
    case 'patient':
      if (actor.patientId) can('read', 'Communication', { patientId: actor.patientId });
      break;
    default:
      break;
  }
};
