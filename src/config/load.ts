import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config } from './config.js';
import { envSchema } from './schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

interface DevSecrets {
  payloadKeys: Record<string, string>;
  activeKeyId: string;
  jwtSigningKey: string;
  mfaEncryptionKey: string;
}

/**
 * Development generates its secrets once and keeps them under DATA_DIR, so data encrypted
 * in an earlier run (Temporal histories, tokens, TOTP secrets) stays readable on the next run.
 * A file written by an older version gains the secrets it lacks; the ones it has never change.
 */
function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'dev-secrets.json');
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  const secrets: DevSecrets = {
    payloadKeys: existing.payloadKeys ?? { 'dev-1': randomBytes(32).toString('base64') },
    activeKeyId: existing.activeKeyId ?? 'dev-1',
    jwtSigningKey: existing.jwtSigningKey ?? randomBytes(48).toString('base64url'),
    mfaEncryptionKey: existing.mfaEncryptionKey ?? randomBytes(32).toString('base64'),
  };
  const missing = (Object.keys(secrets) as (keyof DevSecrets)[]).some((k) => existing[k] === undefined);
  if (missing) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ ...existing, ...secrets }, null, 2), { mode: 0o600 });
  }
  return secrets;
}

/** Validates the environment once, reporting every bad variable in one message. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const env = parsed.data;
  const problems: string[] = [];

  let payloadKeys = env.PAYLOAD_KEYS;
  let activeKeyId = env.PAYLOAD_ACTIVE_KEY_ID;
  let jwtSigningKey = env.JWT_SIGNING_KEY;
  let mfaEncryptionKey = env.MFA_ENCRYPTION_KEY;

  if (env.NODE_ENV === 'production') {
    if (!payloadKeys) problems.push('PAYLOAD_KEYS: required in production');
    if (!activeKeyId) problems.push('PAYLOAD_ACTIVE_KEY_ID: required in production');
    if (!jwtSigningKey) problems.push('JWT_SIGNING_KEY: required in production');
    if (!mfaEncryptionKey) problems.push('MFA_ENCRYPTION_KEY: required in production');
    if (!env.DATABASE_URL && !env.APP_DATABASE_URL) problems.push('DATABASE_URL or APP_DATABASE_URL: required in production');
  } else if (!payloadKeys || !activeKeyId || !jwtSigningKey || !mfaEncryptionKey) {
    const dev = loadOrCreateDevSecrets(env.DATA_DIR);
    payloadKeys ??= dev.payloadKeys;
    activeKeyId ??= dev.activeKeyId;
    jwtSigningKey ??= dev.jwtSigningKey;
    mfaEncryptionKey ??= dev.mfaEncryptionKey;
  }
  if (payloadKeys && activeKeyId && !payloadKeys[activeKeyId]) {
    problems.push('PAYLOAD_ACTIVE_KEY_ID: names a key that PAYLOAD_KEYS does not contain');
  }
  if (problems.length > 0 || !payloadKeys || !activeKeyId || !jwtSigningKey || !mfaEncryptionKey) throw new ConfigError(problems);

  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    http: { port: env.PORT, publicBaseUrl: env.PUBLIC_BASE_URL, bodyLimit: env.BODY_LIMIT, metricsPort: env.METRICS_PORT },
    db: { url: env.DATABASE_URL, appUrl: env.APP_DATABASE_URL, appRole: env.DB_APP_ROLE, poolMax: env.DB_POOL_MAX },
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      uiOrigin: env.TEMPORAL_UI_ORIGIN,
      tls: env.TEMPORAL_TLS,
      workflowBundlePath: env.WORKFLOW_BUNDLE_PATH,
    },
    payloadKeys: { activeKeyId, keys: payloadKeys },
    auth: {
      jwtSigningKey,
      mfaEncryptionKey,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      loginThrottle: {
        maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
        windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
        lockoutSeconds: env.LOGIN_LOCKOUT_SECONDS,
      },
    },
  };
}
