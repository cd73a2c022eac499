import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { actionLinkRoutes } from './action-link-routes.js';
import { communicationRoutes } from './communication-routes.js';
import { twilioWebhookRoutes } from './twilio-webhook-routes.js';

/** Every HTTP route of the messaging module (mounted after the body parsers, before the docs). */
export function messagingRoutes(deps: AppDeps): Router {
  return Router().use(twilioWebhookRoutes(deps), actionLinkRoutes(deps), communicationRoutes(deps));
}
