import { type ModelObject } from 'objection';
import { type Referral } from './store/referral-model.js';

/** A referral as the store reads it: camelCase, ISO timestamps, its clinical text still sealed. */
export type StoredReferral = ModelObject<Referral>;

/** An organisation outside the tenant, with how to reach it (no patient data). */
export interface ExternalOrganisation {
  name: string;
  phone?: string;
  fax?: string;
  email?: string;
  address?: string;
}

/** What is sealed in `clinicalSealed`. */
export interface ReferralClinical {
  reason: string;
  clinicalQuestion: string;
}

/** Stored fields that are not the referral's own: the sealed text (opened by the view) and internal keys. */
const INTERNAL_FIELDS: readonly string[] = ['clinicalSealed', 'stageKey', 'reportId', 'createdBy'];

export type ReferralRecord = Omit<StoredReferral, 'clinicalSealed' | 'stageKey' | 'reportId' | 'createdBy'> & { overdue: boolean };

/** The referral's plain fields, as permission rules and the API see them (clinical content added by the view). */
export function toReferralRecord(referral: StoredReferral, now = new Date()): ReferralRecord {
  const fields = Object.fromEntries(Object.entries(referral).filter(([field]) => !INTERNAL_FIELDS.includes(field)));
  const overdue = referral.stageDueAt !== null && Date.parse(referral.stageDueAt) < now.getTime();
  return { ...(fields as Omit<ReferralRecord, 'overdue'>), overdue };
}
