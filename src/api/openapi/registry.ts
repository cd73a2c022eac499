import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

/** One registry for the whole API: routes register here as they are mounted (see defineRoute). */
export const registry = new OpenAPIRegistry();

registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
registry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'X-API-Key' });

export const ProblemSchema = registry.register(
  'Problem',
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number().int(),
      detail: z.string().optional(),
      instance: z.string().optional(),
      requestId: z.string().optional(),
      errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
    })
    .openapi({ description: 'RFC 9457 problem details' }),
);

export function buildOpenApiDocument(serverUrl: string) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'SmartClinix API',
      version: '0.1.0',
      description: 'Clinical operations backend: appointments and reminders, referrals, lab results, prescriptions, task inbox.',
    },
    servers: [{ url: serverUrl }],
  });
}

export { z };
