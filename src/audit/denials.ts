import { type ErrorRequestHandler } from 'express';
import { type Knex } from 'knex';
import { currentContext } from '../context/request-context.js';
import { AppError } from '../errors/app-error.js';
import { type Logger } from '../logging/logger.js';
import { type AuditEntry, recordAudit } from './record-audit.js';

const denials = new WeakMap<Error, Omit<AuditEntry, 'outcome'>>();

/**
 * Marks an error as a denied access worth auditing (a 403, or a 404 for a record the caller cannot
 * see or that does not exist: the two are indistinguishable on purpose). `auditDenials` writes it.
 *
 *   throw deniedWith(notFound('Patient'), { action: 'read', entityType: 'Patient', entityId: id });
 */
export function deniedWith<E extends Error>(error: E, entry: Omit<AuditEntry, 'outcome'>): E {
  denials.set(error, entry);
  return error;
}

/**
 * Error middleware (mounted before the problem handler): records every marked denial for an
 * authenticated caller in its own transaction, because the request's transaction has rolled back.
 * If the trail cannot be written the failure is logged and the client still gets its denial.
 */
export function auditDenials(db: Knex, logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, _res, next) => {
    const entry = err instanceof Error ? denials.get(err) : undefined;
    const ctx = currentContext();
    if (!entry || !ctx?.actor || !(err instanceof AppError) || (err.status !== 403 && err.status !== 404)) {
      next(err);
      return;
    }
    recordAudit(db, ctx.actor, { ...entry, outcome: 'denied', reason: entry.reason ?? err.code })
      .catch((auditErr: unknown) => {
        logger.error({ requestId: ctx.requestId, err: { type: (auditErr as Error)?.name } }, 'audit: could not record a denial');
      })
      .finally(() => next(err));
  };
}
