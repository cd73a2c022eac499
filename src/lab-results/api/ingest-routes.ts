import express, { type RequestHandler, Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { currentActor, withRequestTenant } from '../../authz/request-scope.js';
import { recordAudit } from '../../audit/record-audit.js';
import { AppError, forbidden } from '../../errors/app-error.js';
import { PageQuery, pageSchema } from '../../registry/shared/pagination.js';
import { type LabIngestion } from '../inbox/ingestion.js';
import { listIntegrationErrors } from '../results/integration-errors.js';
import { FhirBundleBody, Hl7Body, IntegrationErrorView, OperationOutcomeSchema } from './schemas.js';

export const HL7_CONTENT_TYPE = 'x-application/hl7-v2+er7';
const FHIR_CONTENT_TYPE = 'application/fhir+json';
const tags = ['Lab results'];

const requireContentType =
  (...types: string[]): RequestHandler =>
  (req, _res, next) => {
    if (!req.is(types)) throw new AppError(415, 'unsupported-media-type', 'Unsupported media type', `Send the body as ${types.join(' or ')}.`);
    next();
  };

/** The submitting service account; only integration keys hold the permission to get here. */
function submitter() {
  const { actor } = currentActor();
  if (actor.type !== 'service') throw forbidden('Results are submitted by lab integration service accounts.');
  return { tenantId: actor.tenantId, apiKeyId: actor.id };
}

/** Every submission is audited (IDs and outcome only), before it is answered. */
function auditSubmission(db: AppDeps['db'], inboxId: string | undefined, details: Record<string, unknown>): Promise<void> {
  return recordAudit(db, currentActor().actor, { action: 'submit', entityType: 'LabSubmission', entityId: inboxId ?? null, details });
}

/**
 * Results in over HTTP (HL7 v2 ER7 or a FHIR R4 Bundle), into the same pipeline as MLLP, and the
 * integration-errors view of messages that could not be accepted.
 */
export function labIngestRoutes({ db, config }: AppDeps, ingestion: LabIngestion): Router {
  const router = Router();
  const limit = config.http.bodyLimit;
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/lab-results/hl7',
    summary: 'Submit an HL7 v2 ORU^R01 result message; answers with the HL7 ACK',
    description: 'The raw message is stored before the ACK is built. AE/AR carry the reason in MSA-3 and ERR. A retransmission (same MSH-10 from the same facility) gets the first answer again.',
    tags,
    security: ['apiKey'],
    permission: ['create', 'LabSubmission'],
    // Raw ER7 text, parsed only for this route and only after the caller is authenticated.
    before: [requireContentType(HL7_CONTENT_TYPE), express.text({ type: HL7_CONTENT_TYPE, limit })],
    body: Hl7Body,
    bodyContentType: HL7_CONTENT_TYPE,
    responses: { 200: { description: 'The ACK (AA, AE or AR)', schema: z.string(), contentType: HL7_CONTENT_TYPE } },
    handler: async ({ body, res }) => {
      const receipt = await ingestion.receiveHl7(body, 'http-hl7', submitter());
      await auditSubmission(db, receipt.stored?.id, { transport: 'http-hl7', ackCode: receipt.ackCode, duplicate: receipt.stored?.duplicate ?? false });
      res.status(200).type(HL7_CONTENT_TYPE).send(receipt.ack);
      return undefined;
    },
  });
  defineRoute(router, {
    method: 'post',
    path: '/api/v1/lab-results/fhir',
    summary: 'Submit a FHIR R4 Bundle (DiagnosticReport and Observations)',
    description: 'Validated against FHIR R4. An invalid bundle is stored, listed among integration errors and answered 400 with an OperationOutcome.',
    tags,
    security: ['apiKey'],
    permission: ['create', 'LabSubmission'],
    before: [requireContentType(FHIR_CONTENT_TYPE, 'application/json'), express.text({ type: FHIR_CONTENT_TYPE, limit })],
    body: z.union([z.string(), FhirBundleBody]),
    bodyContentType: FHIR_CONTENT_TYPE,
    responses: {
      202: { description: 'Accepted (stored; processing follows)', schema: OperationOutcomeSchema, contentType: FHIR_CONTENT_TYPE },
      200: { description: 'Already received (a retransmission)', schema: OperationOutcomeSchema, contentType: FHIR_CONTENT_TYPE },
      400: { description: 'Invalid bundle', schema: OperationOutcomeSchema, contentType: FHIR_CONTENT_TYPE },
    },
    handler: async ({ body, res }) => {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      const receipt = await ingestion.receiveFhir(raw, submitter());
      if (receipt.outcome === 'no-integration') throw forbidden('This service account is not set up as a lab integration.');
      await auditSubmission(db, receipt.stored.id, { transport: 'http-fhir', outcome: receipt.outcome, duplicate: receipt.stored.duplicate });
      const answer = (status: number, outcome: unknown) => res.status(status).type(FHIR_CONTENT_TYPE).send(JSON.stringify(outcome));
      if (receipt.outcome === 'invalid') {
        answer(400, receipt.operationOutcome);
        return undefined;
      }
      const duplicate = receipt.stored.duplicate;
      res.setHeader('x-inbox-id', receipt.stored.id);
      answer(duplicate ? 200 : 202, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'information', code: 'informational', diagnostics: duplicate ? 'Already received' : 'Accepted' }],
      });
      return undefined;
    },
  });
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/lab-results/integration-errors',
    summary: 'Messages that could not be accepted (header fields and reason; never the message)',
    tags,
    permission: ['read', 'LabIntegrationError'],
    query: PageQuery,
    responses: { 200: { description: 'Newest first', schema: pageSchema(IntegrationErrorView) } },
    handler: ({ query }) => withRequestTenant(db, (scope) => listIntegrationErrors(scope, query)),
  });
  return router;
}
