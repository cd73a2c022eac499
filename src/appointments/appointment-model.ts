import { BaseModel } from '../db/models/base-model.js';
import { type AppointmentStatus } from '../workflows/shared/appointment.js';

/**
 * `appointments`: one visit, its status history as timestamps, and the `version` that orders staff
 * changes against the workflow's. Double-booking is refused by the exclusion constraint
 * `appointments_no_double_booking`, not here.
 */
export class Appointment extends BaseModel {
  static override tableName = 'appointments';
  /** Derived, never stored: records carry it so clients need not subtract instants. */
  static override virtualAttributes = ['durationMinutes'];

  declare id: string;
  declare tenantId: string;
  declare patientId: string;
  declare practitionerId: string;
  declare locationId: string | null;
  declare type: string;
  declare startsAt: string;
  declare endsAt: string;
  declare status: AppointmentStatus;
  declare note: string | null;
  declare version: number;
  declare workflowId: string;
  declare confirmedAt: string | null;
  declare confirmedVia: string | null;
  declare checkedInAt: string | null;
  declare completedAt: string | null;
  declare noShowAt: string | null;
  declare cancelledAt: string | null;
  declare cancelReason: string | null;
  declare cancelledBy: 'staff' | 'patient' | null;
  declare referralId: string | null;
  declare createdBy: string;
  declare createdAt: string;
  declare updatedAt: string;

  get durationMinutes(): number {
    return (Date.parse(this.endsAt) - Date.parse(this.startsAt)) / 60_000;
  }
}
