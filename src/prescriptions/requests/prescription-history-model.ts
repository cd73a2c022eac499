import { type Pojo } from 'objection';
import { BaseModel } from '../../db/models/base-model.js';
import { type SignedPrescriptionContent } from '../screening/index.js';

export interface EventActor {
  type: string;
  id: string | null;
}

export interface TransmissionError {
  kind: 'permanent' | 'transient' | null;
  code: string | null;
  detail: string | null;
}

/**
 * `prescription_events`: a request's append-only history, one row per step, unique per
 * (prescription, key) so that a retried activity records its step once. `actor` is the two actor
 * columns as one object.
 */
export class PrescriptionEvent extends BaseModel {
  static override tableName = 'prescription_events';
  static override jsonAttributes = ['details'];

  declare id: string;
  declare tenantId: string;
  declare prescriptionId: string;
  declare eventKey: string;
  declare kind: string;
  declare at: string;
  declare actor: EventActor;
  declare details: Record<string, unknown>;

  override $parseDatabaseJson(json: Pojo): Pojo {
    const { actorType, actorId, ...parsed } = super.$parseDatabaseJson(json);
    return actorType === undefined ? parsed : { ...parsed, actor: { type: actorType as string, id: (actorId as string | null) ?? null } };
  }

  override $formatDatabaseJson(json: Pojo): Pojo {
    const { actor, ...rest } = json as Pojo & { actor?: EventActor };
    return super.$formatDatabaseJson(actor ? { ...rest, actorType: actor.type, actorId: actor.id } : rest);
  }
}

/** `prescription_signatures`: the one signature of a request, with the content signed and its digest. */
export class PrescriptionSignature extends BaseModel {
  static override tableName = 'prescription_signatures';
  static override jsonAttributes = ['content'];

  declare id: string;
  declare tenantId: string;
  declare prescriptionId: string;
  declare method: 'epcs-two-factor' | 'prescriber' | 'protocol';
  declare signerUserId: string;
  declare prescriberId: string;
  declare deaSchedule: string | null;
  /** The signing assertion's ID (EPCS): unique, so one assertion signs once. */
  declare assertionId: string | null;
  declare content: SignedPrescriptionContent;
  declare contentDigest: string;
  declare signedAt: string;
}

const ERROR_COLUMNS = { kind: 'errorKind', code: 'errorCode', detail: 'errorDetail' } as const;

/**
 * `prescription_transmissions`: each round of sending a signed request to its pharmacy. `error` is
 * the three error columns as one object, null when the round has none.
 */
export class PrescriptionTransmission extends BaseModel {
  static override tableName = 'prescription_transmissions';

  declare id: string;
  declare tenantId: string;
  declare prescriptionId: string;
  declare round: number;
  declare pharmacyId: string;
  declare transport: string;
  declare status: 'sending' | 'sent' | 'failed';
  declare attempts: number;
  declare pharmacyReference: string | null;
  declare error: TransmissionError | null;
  declare startedAt: string;
  /** Read as an ISO string; a Date may be written. */
  declare completedAt: string | Date | null;

  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    if (!(ERROR_COLUMNS.kind in parsed)) return parsed;
    const hasError = parsed[ERROR_COLUMNS.kind] != null || parsed[ERROR_COLUMNS.code] != null;
    const error = hasError ? Object.fromEntries(Object.entries(ERROR_COLUMNS).map(([field, column]) => [field, parsed[column] ?? null])) : null;
    for (const column of Object.values(ERROR_COLUMNS)) delete parsed[column];
    return { ...parsed, error };
  }

  /** `error: null` clears the three columns. */
  override $formatDatabaseJson(json: Pojo): Pojo {
    const { error, ...rest } = json as Pojo & { error?: TransmissionError | null };
    if (error !== undefined) {
      for (const [field, column] of Object.entries(ERROR_COLUMNS)) rest[column] = error?.[field as keyof TransmissionError] ?? null;
    }
    return super.$formatDatabaseJson(rest);
  }
}

/** `prescription_notices`: tells a requester that their request ended without reaching the pharmacy. */
export class PrescriptionNotice extends BaseModel {
  static override tableName = 'prescription_notices';

  declare id: string;
  declare tenantId: string;
  declare prescriptionId: string;
  declare recipientType: 'user' | 'patient' | 'service';
  declare recipientId: string;
  declare kind: 'denied' | 'expired' | 'cancelled';
  declare reason: string | null;
  declare createdAt: string;
  declare readAt: string | null;
}
