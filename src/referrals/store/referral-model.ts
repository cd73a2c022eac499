import { type Pojo } from 'objection';
import { BaseModel } from '../../db/models/base-model.js';
import { type ReferralStage as StageName, type ReferralStatus, type Urgency } from '../../workflows/shared/referral.js';
import { type ExternalOrganisation } from '../referral-record.js';

/**
 * `referrals`: IDs, codes and the first time each status was reached. The clinical text is in
 * `clinicalSealed`, sealed by clinical-box.ts; the model stores and returns it as it is.
 */
export class Referral extends BaseModel {
  static override tableName = 'referrals';
  static override jsonAttributes = ['externalOrganisation'];

  declare id: string;
  declare tenantId: string;
  declare patientId: string;
  declare referringPractitionerId: string;
  declare referringUserId: string | null;
  declare referringDepartmentId: string | null;
  declare targetKind: 'practitioner' | 'department' | 'external';
  declare targetPractitionerId: string | null;
  declare targetDepartmentId: string | null;
  declare targetSpecialty: string | null;
  declare externalOrganisation: ExternalOrganisation | null;
  declare urgency: Urgency;
  declare clinicalSealed: string;
  declare externalReferralNumber: string | null;
  declare status: ReferralStatus;
  declare stage: StageName | null;
  declare stageKey: string | null;
  declare stageDueAt: string | null;
  declare appointmentId: string | null;
  declare reportId: string | null;
  declare replacesReferralId: string | null;
  declare replacedByReferralId: string | null;
  declare workflowId: string;
  declare version: number;
  declare createdBy: string;
  declare createdAt: string;
  declare updatedAt: string;
  declare sentAt: string | null;
  declare receivedAt: string | null;
  declare acceptedAt: string | null;
  declare declinedAt: string | null;
  declare bookedAt: string | null;
  declare seenAt: string | null;
  declare reportReceivedAt: string | null;
  declare closedAt: string | null;
  declare cancelledAt: string | null;
}

/** `referral_history`: append-only status changes, unique per referral and event key. */
export class ReferralHistoryEntry extends BaseModel {
  static override tableName = 'referral_history';
  static override jsonAttributes = ['details'];

  declare id: string;
  declare tenantId: string;
  declare referralId: string;
  declare eventKey: string;
  declare at: string;
  declare fromStatus: ReferralStatus | null;
  declare toStatus: ReferralStatus;
  declare stage: string | null;
  declare actorType: string;
  declare actorId: string | null;
  declare actorRole: string | null;
  declare reason: string | null;
  declare details: Record<string, unknown>;
}

/** Milliseconds columns are `bigint`, which node-postgres reads as strings. */
const MILLISECOND_FIELDS = ['slaMs', 'pausedMs'] as const;

/**
 * `referral_stages`: one stage of the loop (start, end, due time, pauses, who acted), keyed by the
 * referral and the stage key. Durations are read as numbers of milliseconds.
 */
export class ReferralStage extends BaseModel {
  static override tableName = 'referral_stages';
  static override idColumn = ['referral_id', 'stage_key'];
  static override jsonAttributes = ['details'];

  declare tenantId: string;
  declare referralId: string;
  declare stageKey: string;
  declare stage: StageName;
  declare round: number;
  declare startedAt: string;
  declare endedAt: string | null;
  declare dueAt: string | null;
  declare slaMs: number | null;
  declare pausedSince: string | null;
  declare pausedMs: number;
  declare outcome: string | null;
  declare reason: string | null;
  declare actedByType: string | null;
  declare actedById: string | null;
  declare actedByRole: string | null;
  declare details: { followUpMs?: number } & Record<string, unknown>;

  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    for (const field of MILLISECOND_FIELDS) {
      if (typeof parsed[field] === 'string') parsed[field] = Number(parsed[field]);
    }
    return parsed;
  }
}
