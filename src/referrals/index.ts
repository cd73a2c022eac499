import { Router } from 'express';
import { type AppDeps } from '../api/app-deps.js';
import { referralActionRoutes } from './api/action-routes.js';
import { referralRoutes } from './api/referral-routes.js';
import { referralSettingsRoutes } from './api/settings-routes.js';
import { type ReferralDeps } from './use-cases/referral-deps.js';
import { ReferralWorkflowGateway } from './workflow-gateway.js';

/** Public surface of the referrals module. */
export { notifyReferralOfAppointment } from './appointment-notifier.js';
export { assertReferralBookable } from './booking-check.js';
export { resolveReferralTemplateVariables } from './template-variables.js';
export { ReferralWorkflowGateway } from './workflow-gateway.js';

/** What the referral use cases need, from what the API process builds at start. */
export function referralDeps(deps: AppDeps): ReferralDeps {
  return {
    db: deps.db,
    temporal: deps.temporal,
    keys: deps.config.payloadKeys,
    workflows: new ReferralWorkflowGateway({ temporal: deps.temporal, taskQueue: deps.config.temporal.taskQueue }),
  };
}

/** Every referral route, with one workflow gateway on the process's Temporal client. */
export function referralModuleRoutes(deps: AppDeps): Router {
  const referrals = referralDeps(deps);
  return Router().use(referralRoutes(referrals), referralActionRoutes(referrals), referralSettingsRoutes(deps.db));
}
