import { type ReferralStage, type ReferralStatus, type Urgency } from '../workflows/shared/referral.js';

/** A `referrals` row as PostgreSQL returns it. */
export interface ReferralRow {
  id: string;
  tenant_id: string;
  patient_id: string;
  referring_practitioner_id: string;
  referring_user_id: string | null;
  referring_department_id: string | null;
  target_kind: 'practitioner' | 'department' | 'external';
  target_practitioner_id: string | null;
  target_department_id: string | null;
  target_specialty: string | null;
  external_organisation: ExternalOrganisation | null;
  urgency: Urgency;
  clinical_sealed: string;
  external_referral_number: string | null;
  status: ReferralStatus;
  stage: ReferralStage | null;
  stage_key: string | null;
  stage_due_at: Date | null;
  appointment_id: string | null;
  report_id: string | null;
  replaces_referral_id: string | null;
  replaced_by_referral_id: string | null;
  workflow_id: string;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  received_at: Date | null;
  accepted_at: Date | null;
  declined_at: Date | null;
  booked_at: Date | null;
  seen_at: Date | null;
  report_received_at: Date | null;
  closed_at: Date | null;
  cancelled_at: Date | null;
}

/** An organisation outside the tenant, with how to reach it (no patient data). */
export interface ExternalOrganisation {
  name: string;
  phone?: string;
  fax?: string;
  email?: string;
  address?: string;
}

/** What is sealed in `clinical_sealed`. */
export interface ReferralClinical {
  reason: string;
  clinicalQuestion: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The row's plain fields, camelCase, as permission rules and the API see them (clinical content added by the view). */
export function toReferralRecord(row: ReferralRow, now = new Date()) {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    patientId: row.patient_id,
    referringPractitionerId: row.referring_practitioner_id,
    referringUserId: row.referring_user_id,
    referringDepartmentId: row.referring_department_id,
    targetKind: row.target_kind,
    targetPractitionerId: row.target_practitioner_id,
    targetDepartmentId: row.target_department_id,
    targetSpecialty: row.target_specialty,
    externalOrganisation: row.external_organisation,
    urgency: row.urgency,
    status: row.status,
    stage: row.stage,
    stageDueAt: iso(row.stage_due_at),
    overdue: row.stage_due_at !== null && row.stage_due_at.getTime() < now.getTime(),
    externalReferralNumber: row.external_referral_number,
    appointmentId: row.appointment_id,
    replacesReferralId: row.replaces_referral_id,
    replacedByReferralId: row.replaced_by_referral_id,
    workflowId: row.workflow_id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sentAt: iso(row.sent_at),
    receivedAt: iso(row.received_at),
    acceptedAt: iso(row.accepted_at),
    declinedAt: iso(row.declined_at),
    bookedAt: iso(row.booked_at),
    seenAt: iso(row.seen_at),
    reportReceivedAt: iso(row.report_received_at),
    closedAt: iso(row.closed_at),
    cancelledAt: iso(row.cancelled_at),
  };
}

export type ReferralRecord = ReturnType<typeof toReferralRecord>;
