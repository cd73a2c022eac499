/**
 * Who a message goes to, re-read at send time: the address per channel and whether it may be used.
 *
 * Patients: consent per channel is the patient's own record (TCPA: with source and time). Minors and
 * dependants with a responsible party are reached at the responsible party's number and email; a minor
 * without one has no usable contact. Staff (users): their work email, and their mobile unless they
 * opted out of texts (STOP from that number, or Twilio 21610).
 */
import { type Knex } from 'knex';
import { isMinor } from '../../registry/patients/minors.js';
import { Patient } from '../../registry/patients/patient-model.js';
import { type SendMessageRequest } from '../../workflows/shared/messaging.js';
import { RecipientNotFoundError } from './errors.js';

export type Availability = { ok: true; address: string } | { ok: false; reason: 'no-consent' | 'opted-out' | 'no-contact' };

export interface Recipient {
  kind: 'patient' | 'user';
  active: boolean;
  /** IANA zone of the person reading; null: the tenant's. */
  timeZone: string | null;
  language: string | null;
  preferred: 'sms' | 'email' | 'none';
  sms: Availability;
  email: Availability;
}

interface UserRow {
  email: string;
  mobile_e164: string | null;
  sms_opted_out_at: Date | null;
  disabled_at: Date | null;
  timezone: string | null;
  active: boolean | null;
}

function byConsent(consent: string, address: string | null): Availability {
  if (consent === 'revoked') return { ok: false, reason: 'opted-out' };
  if (consent !== 'granted') return { ok: false, reason: 'no-consent' };
  return address ? { ok: true, address } : { ok: false, reason: 'no-contact' };
}

async function patientRecipient(trx: Knex.Transaction, patientId: string): Promise<Recipient> {
  const patient = await Patient.query(trx).findById(patientId);
  if (!patient) throw new RecipientNotFoundError('patient');
  const party = patient.responsibleParty;
  const unreachableMinor = !party && isMinor(patient.birthDate);
  const mobile = unreachableMinor ? null : party ? party.mobileE164 : patient.mobileE164;
  const email = unreachableMinor ? null : party ? party.email : patient.email;
  return {
    kind: 'patient',
    active: true,
    timeZone: patient.timezone,
    language: patient.language,
    preferred: patient.preferredChannel,
    sms: byConsent(patient.smsConsent, mobile),
    email: byConsent(patient.emailConsent, email),
  };
}

async function userRecipient(trx: Knex.Transaction, userId: string): Promise<Recipient> {
  const row = await trx('users')
    .leftJoin('practitioners', 'practitioners.id', 'users.practitioner_id')
    .where('users.id', userId)
    .first<UserRow | undefined>('users.email', 'users.mobile_e164', 'users.sms_opted_out_at', 'users.disabled_at', 'practitioners.timezone', 'practitioners.active');
  if (!row) throw new RecipientNotFoundError('user');
  const sms: Availability = row.sms_opted_out_at
    ? { ok: false, reason: 'opted-out' }
    : row.mobile_e164
      ? { ok: true, address: row.mobile_e164 }
      : { ok: false, reason: 'no-contact' };
  return {
    kind: 'user',
    active: row.disabled_at === null && row.active !== false,
    timeZone: row.timezone,
    language: null,
    preferred: 'sms',
    sms,
    email: row.email ? { ok: true, address: row.email } : { ok: false, reason: 'no-contact' },
  };
}

export function loadRecipient(trx: Knex.Transaction, recipient: SendMessageRequest['recipient']): Promise<Recipient> {
  return recipient.type === 'patient' ? patientRecipient(trx, recipient.patientId) : userRecipient(trx, recipient.userId);
}
