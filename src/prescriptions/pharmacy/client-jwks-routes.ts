import { Router } from 'express';
import { type AppDeps } from '../../api/app-deps.js';
import { defineRoute } from '../../api/openapi/define-route.js';
import { z } from '../../api/openapi/registry.js';
import { loadSmartClientKey } from './smart-backend-auth.js';

const Jwks = z
  .object({ keys: z.array(z.object({ kty: z.literal('EC'), crv: z.literal('P-384'), x: z.string(), y: z.string(), kid: z.string(), alg: z.literal('ES384'), use: z.literal('sig') })) })
  .openapi('PharmacyClientJwks');

/**
 * The public key pharmacies register for SmartClinix (SMART Backend Services): they verify our
 * client assertions with it. Public by nature; the private half never leaves PHARMACY_CLIENT_KEY.
 */
export function pharmacyClientJwksRoutes({ config }: AppDeps): Router {
  const key = loadSmartClientKey(config.prescriptions.pharmacyClientKey);
  const router = Router();
  defineRoute(router, {
    method: 'get',
    path: '/api/v1/pharmacy-client/jwks.json',
    summary: 'SmartClinix’s public key for pharmacies’ FHIR endpoints (JWK Set)',
    description: 'Register this URL (or its content) with a pharmacy’s authorization server; set its token URL and our client ID on the pharmacy in the directory.',
    tags: ['Prescriptions: clinical data'],
    responses: { 200: { description: 'The JWK Set (public keys only)', schema: Jwks } },
    handler: async ({ res }) => {
      const { publicJwk } = await key;
      res.setHeader('Cache-Control', 'public, max-age=3600');
      return { keys: [publicJwk] };
    },
  });
  return router;
}
