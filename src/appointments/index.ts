import { Router } from 'express';
import { type AppDeps } from '../api/app-deps.js';
import { appointmentRoutes } from './appointment-routes.js';
import { type AppointmentDeps } from './appointment-use-cases.js';
import { schedulingRoutes } from './scheduling-routes.js';
import { AppointmentWorkflowGateway } from './workflow-gateway.js';

/** Public surface of the appointments module. */
export { resolveAppointmentTemplateVariables } from './template-variables.js';
export { AppointmentWorkflowGateway } from './workflow-gateway.js';

/** What the appointment use cases need, from what the API process builds at start. */
export function appointmentDeps(deps: AppDeps): AppointmentDeps {
  return { db: deps.db, workflows: new AppointmentWorkflowGateway({ temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue }) };
}

/** Every appointment and scheduling route, with one workflow gateway on the process's Temporal client. */
export function appointmentModuleRoutes(deps: AppDeps): Router {
  return Router().use(schedulingRoutes(deps), appointmentRoutes(appointmentDeps(deps)));
}
