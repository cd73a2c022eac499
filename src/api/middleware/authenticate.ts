import { type RequestHandler } from 'express';
import { actorFromAccessToken } from '../../auth/access-token-authentication.js';
import { actorFromApiKey } from '../../auth/api-key-authentication.js';
import { buildAbility } from '../../authz/ability.js';
import { currentContext } from '../../context/request-context.js';
import { AppError, unauthorized } from '../../errors/app-error.js';
import { type AppDeps } from '../app-deps.js';

/**
 * Identifies the caller once per request, from `Authorization: Bearer <access token>` (people) or
 * `X-API-Key` (service accounts), and puts the actor and its abilities in the request context.
 * Refused credentials are remembered, not answered: routes that need a caller answer 401 (with the
 * reason), public routes ignore them.
 */
export function authenticate({ db, config }: AppDeps): RequestHandler {
  return async (req, _res, next) => {
    const ctx = currentContext();
    const authorization = req.header('authorization');
    const apiKey = req.header('x-api-key');
    if (!ctx || (!authorization && !apiKey)) {
      next();
      return;
    }
    try {
      let actor;
      if (authorization) {
        const [scheme, token] = authorization.split(' ');
        if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthorized('Use the Bearer scheme.');
        actor = await actorFromAccessToken(db, config, token);
      } else {
        actor = await actorFromApiKey(db, apiKey!);
      }
      ctx.actor = actor;
      ctx.ability = buildAbility(actor);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 401) throw err;
      ctx.authFailure = err;
    }
    next();
  };
}
