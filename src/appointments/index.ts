import { Router } from 'express';
import { type AppDeps } from '../api/app-deps.js';
import { appointmentRoutes } from './appointment-routes.js';
import { schedulingRoutes } from './scheduling-routes.js';
import { AppointmentWorkflowGateway } from './workflow-gateway.js';

/** Public surface of the appointments module. */
export { resolveAppointmentTemplateVariables } from './template-variables.js';
export { AppointmentWorkflowGateway } from './workflow-gateway.js';

/** Every appointment and scheduling route, with one workflow gateway on the process's Temporal client. */
export function appointmentModuleRoutes(deps: AppDeps): Router {
  const workflows = new AppointmentWorkflowGateway({ temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue });
  return Router().use(schedulingRoutes(deps), appointmentRoutes({ db: deps.db, workflows }));
}
