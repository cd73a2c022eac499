import { type Pojo } from 'objection';
import { BaseModel } from '../../db/models/base-model.js';

/**
 * `lab_critical_notifications`: one row per critical result identified, with its receipt,
 * identification, deadline, first alert, escalation and acknowledgement times (NPSG.02.03.01).
 */
export class LabCriticalNotification extends BaseModel {
  static override tableName = 'lab_critical_notifications';

  declare id: string;
  declare tenantId: string;
  declare reportId: string;
  declare revisionId: string;
  declare receivedAt: string;
  declare identifiedAt: string;
  declare deadlineAt: string;
  /** A digest of the critical codes and values, never the values themselves. */
  declare criticalKey: string;
  declare corrected: boolean;
  declare firstAlertAt: string | null;
  declare escalationLevel: number;
  declare escalatedAt: string | null;
  declare acknowledgedAt: string | null;
  declare acknowledgedByUserId: string | null;
  declare acknowledgedByPractitionerId: string | null;
  /** What the clinician read back (values): never logged or put in the timeline. */
  declare readBack: string | null;
  declare secondsToAck: number | null;

  /** `seconds_to_ack` is `numeric`, which node-postgres reads as a string: a number here. */
  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    if (typeof parsed.secondsToAck === 'string') parsed.secondsToAck = Number(parsed.secondsToAck);
    return parsed;
  }
}
