import { type RequestHandler } from 'express';
import { type Knex } from 'knex';
import { recordAudit } from '../../audit/record-audit.js';
import { currentActor } from '../../authz/request-scope.js';

/**
 * The codec endpoint reveals PHI when it decrypts, so every decode is written to the caller's
 * tenant audit trail before anything is decrypted: if the trail cannot be written, nothing is
 * decoded (fail closed). Runs after the route's permission check (ops and admin only).
 *
 * Callers authenticate like every other API client, with `Authorization: Bearer <access token>`
 * from POST /api/v1/auth/login:
 * - Temporal CLI: `temporal workflow show -w <id> --codec-endpoint <api>/codec --codec-auth "Bearer <token>"`.
 * - Temporal Web UI: set the codec endpoint to `<api>/codec` and enable "pass access token"; the UI
 *   then forwards its own bearer token, so this works when the UI's sign-in issues SmartClinix tokens.
 */
export function auditCodecDecode(db: Knex): RequestHandler {
  return async (req, _res, next) => {
    const { actor } = currentActor();
    const payloads = (req.body as { payloads?: unknown[] } | undefined)?.payloads;
    await recordAudit(db, actor, {
      action: 'decode',
      entityType: 'TemporalPayload',
      details: { payloads: Array.isArray(payloads) ? payloads.length : 0, namespace: req.header('x-namespace')?.slice(0, 100) ?? null },
    });
    next();
  };
}
