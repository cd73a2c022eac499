import { z } from 'zod';
import { messagingEnvShape } from './messaging.js';

/** Base64 of exactly 32 bytes: an AES-256 key. */
const aes256Key = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of 32 bytes (AES-256)');

const jsonRecord = z.string().transform((raw, ctx) => {
  try {
    return z.record(z.string().min(1), aes256Key).parse(JSON.parse(raw));
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object of key ID → base64 AES-256 key' });
    return z.NEVER;
  }
});

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/**
 * Every environment variable SmartClinix reads. Keep this in step with the README's configuration table.
 * Secrets (keys, tokens) are optional here because development generates them under DATA_DIR;
 * `load.ts` refuses to start production without them.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),

  PORT: port.default(3000),
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  BODY_LIMIT: z.string().default('1mb'),
  /** Port of this process's /metrics listener (each process sets its own); unset: no listener. */
  METRICS_PORT: port.optional(),
  /** Interface the metrics listener binds; keep it internal (loopback or the pod network). */
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** Worker only: where the Temporal SDK's own Prometheus metrics are served; unset: off. */
  TEMPORAL_SDK_METRICS_PORT: port.optional(),
  /** OTLP/HTTP collector base URL; tracing is off when unset. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),

  DATABASE_URL: z.url().optional(),
  APP_DATABASE_URL: z.url().optional(),
  DB_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a plain lower-case SQL identifier')
    .default('smartclinix_app'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),

  TEMPORAL_ADDRESS: z.string().default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('smartclinix'),
  TEMPORAL_UI_ORIGIN: z.url().default('http://localhost:8233'),
  TEMPORAL_TLS: bool.default(false),
  /** mTLS to the Temporal frontend: PEM file paths (client certificate pair and the CA to trust). */
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_TLS_CA: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /** Workflows kept in the worker's sticky cache; the rest replay their (short) history when they wake. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(250),

  PAYLOAD_KEYS: jsonRecord.optional(),
  PAYLOAD_ACTIVE_KEY_ID: z.string().min(1).optional(),
  JWT_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Encrypts TOTP secrets at rest (AES-256-GCM). */
  MFA_ENCRYPTION_KEY: aes256Key.optional(),
  /** Access tokens are short-lived (HIPAA person authentication): at most 15 minutes. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).max(900).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(12 * 3600),
  /** Failed logins tolerated per account (tenant + email) and per client IP within the window. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(10_000).default(50),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),

  /** Lab results: the MLLP listener (HL7 v2) labs connect to. 2575 is the registered MLLP port. */
  MLLP_PORT: port.default(2575),
  /** Interface the MLLP listener binds; 0.0.0.0 to accept labs from other hosts. */
  MLLP_HOST: z.string().default('127.0.0.1'),
  /** PEM files; with both set the listener speaks TLS. With a CA, labs must present a client certificate. */
  MLLP_TLS_CERT_PATH: z.string().min(1).optional(),
  MLLP_TLS_KEY_PATH: z.string().min(1).optional(),
  MLLP_TLS_CA_PATH: z.string().min(1).optional(),
  MLLP_MAX_FRAME_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
  /** Port of the MLLP process's own /metrics listener; unset: none. */
  MLLP_METRICS_PORT: port.optional(),
  /** Default time a clinician has to acknowledge a critical result (tenants may set their own). */
  LAB_CRITICAL_ACK_DEADLINE_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(1800),
  /** Default days a lab message's raw text is kept once processed or refused (tenants may set their own). */
  LAB_RAW_MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),

  /** Prescriptions: the drug knowledge base directory (FORMAT.md); unset: the shipped data/drug-knowledge-base. */
  DRUG_KB_DIR: z.string().min(1).optional(),
  /** Ed25519 private key (base64 PKCS#8 DER) that signs the short-lived EPCS signing assertions. */
  EPCS_ASSERTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 48, 'must be base64 of an Ed25519 PKCS#8 DER key (48 bytes)')
    .optional(),
  /**
   * EC P-384 private key (base64 PKCS#8 DER) with which SmartClinix authenticates to pharmacies' FHIR
   * endpoints (SMART Backend Services: a signed client assertion for an access token).
   */
  PHARMACY_CLIENT_KEY: z.string().min(1).optional(),
  /** Default limits for unanswered prescription requests (tenants may set their own). */
  PRESCRIPTION_REFILL_EXPIRY_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  PRESCRIPTION_NEW_REQUEST_EXPIRY_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  PRESCRIPTION_REMIND_AFTER_MINUTES: z.coerce.number().int().min(1).max(24 * 60 * 30).default(240),
  PRESCRIPTION_ESCALATE_AFTER_MINUTES: z.coerce.number().int().min(1).max(24 * 60 * 30).default(720),

  /** Patient messaging: Twilio, SMTP, action links (see src/config/messaging.ts). */
  ...messagingEnvShape,
});

export type Env = z.infer<typeof envSchema>;
