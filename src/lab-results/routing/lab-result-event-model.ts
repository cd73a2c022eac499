import { type Pojo } from 'objection';
import { BaseModel } from '../../db/models/base-model.js';

/**
 * `lab_result_events`: a report's routing and escalation timeline, one row per step (IDs and codes
 * only). The actor's two columns are one `actor` object here (null when the step had none).
 */
export class LabResultEvent extends BaseModel {
  static override tableName = 'lab_result_events';
  static override jsonAttributes = ['details'];

  /** A bigint identity: node-postgres reads it as a string. */
  declare id: string;
  declare tenantId: string;
  declare reportId: string;
  /** Makes a step idempotent: a retried activity records it once. */
  declare eventKey: string;
  declare kind: string;
  declare occurredAt: string;
  declare revisionId: string | null;
  declare level: number | null;
  declare practitionerId: string | null;
  declare taskId: string | null;
  declare actor: { type: string; id: string } | null;
  declare details: Record<string, unknown>;

  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    if (!('actorType' in parsed)) return parsed;
    const { actorType, actorId, ...rest } = parsed;
    return { ...rest, actor: actorType ? { type: actorType as string, id: actorId as string } : null };
  }

  override $formatDatabaseJson(json: Pojo): Pojo {
    const { actor, ...rest } = json as Pojo & { actor?: { type: string; id: string } | null };
    if (actor !== undefined) {
      rest.actorType = actor?.type ?? null;
      rest.actorId = actor?.id ?? null;
    }
    return super.$formatDatabaseJson(rest);
  }
}
