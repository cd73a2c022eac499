import { type Modifiers, type RelationMappings } from 'objection';
import { BaseModel } from '../db/models/base-model.js';

/** `practitioner_schedules`: one per practitioner — the time zone and slot grid of their week. */
export class PractitionerSchedule extends BaseModel {
  static override tableName = 'practitioner_schedules';
  static override idColumn = 'practitioner_id';

  declare practitionerId: string;
  declare tenantId: string;
  declare timezone: string;
  declare slotIntervalMinutes: number;
  declare updatedAt: string;
  declare hours?: PractitionerWorkingHours[];

  static override get relationMappings(): RelationMappings {
    return {
      hours: {
        relation: BaseModel.HasManyRelation,
        modelClass: PractitionerWorkingHours,
        join: { from: 'practitioner_schedules.practitioner_id', to: 'practitioner_working_hours.practitioner_id' },
      },
    };
  }
}

/**
 * `practitioner_working_hours`: a weekday's working period on the local wall clock (minutes after
 * midnight, end exclusive). Periods of one weekday cannot overlap (exclusion constraint).
 */
export class PractitionerWorkingHours extends BaseModel {
  static override tableName = 'practitioner_working_hours';

  declare id: string;
  declare tenantId: string;
  declare practitionerId: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  declare weekday: number;
  declare startMinute: number;
  declare endMinute: number;

  static override modifiers: Modifiers = {
    inWeekOrder: (query) => void query.orderBy(['weekday', 'start_minute']),
  };
}

/** `practitioner_schedule_exceptions`: leave, training or closures that take time out of the week. */
export class PractitionerScheduleException extends BaseModel {
  static override tableName = 'practitioner_schedule_exceptions';

  declare id: string;
  declare tenantId: string;
  declare practitionerId: string;
  declare kind: 'leave' | 'training' | 'closure' | 'other';
  declare startsAt: string;
  declare endsAt: string;
  declare createdAt: string;
}
