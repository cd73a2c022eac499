import cors from 'cors';
import express, { Router } from 'express';
import { type Payload } from '@temporalio/common';
import { EncryptionCodec } from '../../temporal/encryption-codec.js';
import { type AppDeps } from '../app-deps.js';
import { auditCodecDecode } from '../middleware/codec-auth.js';
import { defineRoute } from '../openapi/define-route.js';
import { z } from '../openapi/registry.js';

/** Temporal's remote-codec JSON: payload metadata values and data are base64. */
const JsonPayload = z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() });
const PayloadsBody = z.object({ payloads: z.array(JsonPayload).max(10_000) });

function fromJson(p: z.infer<typeof JsonPayload>): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data ?? '', 'base64'),
  };
}

function toJson(p: Payload): z.infer<typeof JsonPayload> {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}

/**
 * The remote codec endpoint the Temporal Web UI and CLI call to show decrypted histories to
 * authorised operators (ops and admin users, with their bearer access token; see codec-auth.ts).
 * Every decode is audited. CORS admits only the configured UI origin.
 */
export function codecRoutes({ config, db }: AppDeps): Router {
  const router = Router();
  const codec = new EncryptionCodec(config.payloadKeys);
  router.use(
    '/codec',
    cors({
      origin: config.temporal.uiOrigin,
      credentials: true,
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Namespace'],
      methods: ['POST', 'OPTIONS'],
    }),
    // Histories can be large; the codec gets a bigger body limit than the rest of the API.
    express.json({ limit: '8mb' }),
  );
  for (const direction of ['encode', 'decode'] as const) {
    defineRoute(router, {
      method: 'post',
      path: `/codec/${direction}`,
      summary: `${direction === 'decode' ? 'Decrypt' : 'Encrypt'} Temporal payloads (remote codec protocol)`,
      tags: ['Operations'],
      permission: [direction, 'TemporalPayload'],
      before: direction === 'decode' ? [auditCodecDecode(db)] : [],
      body: PayloadsBody,
      responses: { 200: { description: 'Converted payloads', schema: PayloadsBody } },
      handler: async ({ body }) => {
        const payloads = body.payloads.map(fromJson);
        const out = direction === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
        return { payloads: out.map(toJson) };
      },
    });
  }
  return router;
}
