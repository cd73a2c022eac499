import { type RequestHandler } from 'express';
import { deniedWith } from '../audit/denials.js';
import { forbidden } from '../errors/app-error.js';
import { currentActor } from './request-scope.js';
import { type Action, type SubjectType } from './subjects.js';

/** 401 unless the request carried valid credentials (see the `authenticate` middleware). */
export const requireAuth: RequestHandler = (_req, _res, next) => {
  currentActor();
  next();
};

/**
 * Route-level check (the second line; the data layer applies record conditions): 403 when the
 * caller's role can never perform `action` on `subjectType`. The denial is audited.
 */
export function authorize(action: Action, subjectType: SubjectType): RequestHandler {
  return (req, _res, next) => {
    const { ability } = currentActor();
    if (!ability.can(action, subjectType)) {
      const id = (req.params as Record<string, unknown>).id;
      throw deniedWith(forbidden(), {
        action,
        entityType: subjectType,
        entityId: typeof id === 'string' ? id : null,
        details: { route: `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? ''}` },
      });
    }
    next();
  };
}
