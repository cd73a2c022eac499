import { type AppAbility } from '../authz/ability.js';
import { pickPermitted } from '../authz/permitted-fields.js';
import { type AppointmentWorkflowState } from '../workflows/shared/appointment.js';
import { type AppointmentRecord } from './appointment-repository.js';

export interface AppointmentWorkflowView {
  workflowId: string;
  state: AppointmentWorkflowState | null;
}

export type AppointmentView = Partial<Omit<AppointmentRecord, 'tenantId' | 'createdBy' | 'workflowId'>> & { workflow?: AppointmentWorkflowView };

/** The appointment reduced to the fields the caller may read, with its workflow's view attached. */
export function appointmentView(ability: AppAbility, record: AppointmentRecord, state: AppointmentWorkflowState | null): AppointmentView {
  const visible = pickPermitted(ability, 'read', 'Appointment', { ...record, workflow: { workflowId: record.workflowId, state } });
  const { tenantId: _tenant, createdBy: _createdBy, workflowId: _workflowId, ...view } = visible;
  return view;
}
