import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config } from './config.js';
import { resolveMessagingConfig } from './messaging.js';
import { envSchema } from './schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A fresh Ed25519 private key as base64 PKCS#8 DER (the EPCS_ASSERTION_KEY format). */
function newEd25519Key(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

/** True for an EC P-384 private key in base64 PKCS#8 DER. */
function isP384Key(base64Der: string): boolean {
  try {
    const key = createPrivateKey({ key: Buffer.from(base64Der, 'base64'), format: 'der', type: 'pkcs8' });
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1';
  } catch {
    return false;
  }
}

/** A fresh EC P-384 private key as base64 PKCS#8 DER (the PHARMACY_CLIENT_KEY format). */
function newP384Key(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

interface DevSecrets {
  payloadKeys: Record<string, string>;
  activeKeyId: string;
  jwtSigningKey: string;
  mfaEncryptionKey: string;
  actionLinkSecret: string;
  epcsAssertionKey: string;
  pharmacyClientKey: string;
}

/** The secrets file as it stands, or undefined when no process has written it yet. */
function readDevSecrets(file: string): Partial<DevSecrets> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Development generates its secrets once and keeps them under DATA_DIR, so data encrypted
 * in an earlier run (Temporal histories, tokens, TOTP secrets) stays readable on the next run.
 * A file written by an older version gains the secrets it lacks; the ones it has never change.
 *
 * Several processes may boot at once (the API and worker of `npm run dev`, parallel test workers),
 * so the file is never seen half-written: it is written under a private name and then hard-linked
 * into place, which fails if another process got there first, and that process's secrets win.
 */
function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'dev-secrets.json');
  for (;;) {
    const existing = readDevSecrets(file);
    const secrets: DevSecrets = {
      payloadKeys: existing?.payloadKeys ?? { 'dev-1': randomBytes(32).toString('base64') },
      activeKeyId: existing?.activeKeyId ?? 'dev-1',
      jwtSigningKey: existing?.jwtSigningKey ?? randomBytes(48).toString('base64url'),
      mfaEncryptionKey: existing?.mfaEncryptionKey ?? randomBytes(32).toString('base64'),
      actionLinkSecret: existing?.actionLinkSecret ?? randomBytes(32).toString('base64url'),
      epcsAssertionKey: existing?.epcsAssertionKey ?? newEd25519Key(),
      pharmacyClientKey: existing?.pharmacyClientKey ?? newP384Key(),
    };
    if (existing && (Object.keys(secrets) as (keyof DevSecrets)[]).every((k) => existing[k] !== undefined)) return secrets;

    mkdirSync(dataDir, { recursive: true });
    const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
    writeFileSync(draft, JSON.stringify({ ...existing, ...secrets }, null, 2), { mode: 0o600 });
    try {
      if (existing) renameSync(draft, file); // an upgrade: only keys that were missing are added
      else linkSync(draft, file);
      return secrets;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Another process created the file between our read and our link: read theirs.
    } finally {
      rmSync(draft, { force: true });
    }
  }
}

/** Validates the environment once, reporting every bad variable in one message. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const env = parsed.data;
  const problems: string[] = [];
  // Read (or created) at most once per call, and only outside production when a secret is unset.
  let dev: DevSecrets | undefined;
  const devSecrets = () => (dev ??= loadOrCreateDevSecrets(env.DATA_DIR));

  let payloadKeys = env.PAYLOAD_KEYS;
  let activeKeyId = env.PAYLOAD_ACTIVE_KEY_ID;
  let jwtSigningKey = env.JWT_SIGNING_KEY;
  let mfaEncryptionKey = env.MFA_ENCRYPTION_KEY;
  let epcsAssertionKey = env.EPCS_ASSERTION_KEY;
  let pharmacyClientKey = env.PHARMACY_CLIENT_KEY;

  if (env.NODE_ENV === 'production') {
    if (!payloadKeys) problems.push('PAYLOAD_KEYS: required in production');
    if (!activeKeyId) problems.push('PAYLOAD_ACTIVE_KEY_ID: required in production');
    if (!jwtSigningKey) problems.push('JWT_SIGNING_KEY: required in production');
    if (!mfaEncryptionKey) problems.push('MFA_ENCRYPTION_KEY: required in production');
    if (!epcsAssertionKey) problems.push('EPCS_ASSERTION_KEY: required in production');
    if (!pharmacyClientKey) problems.push('PHARMACY_CLIENT_KEY: required in production');
    if (!env.DATABASE_URL && !env.APP_DATABASE_URL) problems.push('DATABASE_URL or APP_DATABASE_URL: required in production');
  } else if (!payloadKeys || !activeKeyId || !jwtSigningKey || !mfaEncryptionKey || !epcsAssertionKey || !pharmacyClientKey) {
    payloadKeys ??= devSecrets().payloadKeys;
    activeKeyId ??= devSecrets().activeKeyId;
    jwtSigningKey ??= devSecrets().jwtSigningKey;
    mfaEncryptionKey ??= devSecrets().mfaEncryptionKey;
    epcsAssertionKey ??= devSecrets().epcsAssertionKey;
    pharmacyClientKey ??= devSecrets().pharmacyClientKey;
  }
  if (env.PHARMACY_CLIENT_KEY && !isP384Key(env.PHARMACY_CLIENT_KEY)) problems.push('PHARMACY_CLIENT_KEY: must be an EC P-384 private key (base64 PKCS#8 DER)');
  if (Boolean(env.MLLP_TLS_CERT_PATH) !== Boolean(env.MLLP_TLS_KEY_PATH)) {
    problems.push('MLLP_TLS_CERT_PATH and MLLP_TLS_KEY_PATH: set both or neither');
  }
  if (env.MLLP_TLS_CA_PATH && !env.MLLP_TLS_CERT_PATH) problems.push('MLLP_TLS_CA_PATH: needs MLLP_TLS_CERT_PATH and MLLP_TLS_KEY_PATH');
  const actionLinkSecret = env.ACTION_LINK_SECRET ?? (env.NODE_ENV === 'production' ? undefined : devSecrets().actionLinkSecret);
  const messaging = resolveMessagingConfig(env, actionLinkSecret, problems);
  if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
    problems.push('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY: set both or neither');
  }
  if (payloadKeys && activeKeyId && !payloadKeys[activeKeyId]) {
    problems.push('PAYLOAD_ACTIVE_KEY_ID: names a key that PAYLOAD_KEYS does not contain');
  }
  if (problems.length > 0 || !payloadKeys || !activeKeyId || !jwtSigningKey || !mfaEncryptionKey || !epcsAssertionKey || !pharmacyClientKey) {
    throw new ConfigError(problems);
  }

  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    dataDir: env.DATA_DIR,
    messaging,
    http: { port: env.PORT, publicBaseUrl: env.PUBLIC_BASE_URL, bodyLimit: env.BODY_LIMIT, metricsPort: env.METRICS_PORT },
    observability: {
      metricsHost: env.METRICS_HOST,
      temporalSdkMetricsPort: env.TEMPORAL_SDK_METRICS_PORT,
      otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    },
    db: { url: env.DATABASE_URL, appUrl: env.APP_DATABASE_URL, appRole: env.DB_APP_ROLE, poolMax: env.DB_POOL_MAX },
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      uiOrigin: env.TEMPORAL_UI_ORIGIN,
      tls: env.TEMPORAL_TLS || Boolean(env.TEMPORAL_TLS_CERT),
      tlsFiles: { cert: env.TEMPORAL_TLS_CERT, key: env.TEMPORAL_TLS_KEY, ca: env.TEMPORAL_TLS_CA, serverName: env.TEMPORAL_TLS_SERVER_NAME },
      workflowBundlePath: env.WORKFLOW_BUNDLE_PATH,
      maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
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
    labResults: {
      mllp: {
        port: env.MLLP_PORT,
        host: env.MLLP_HOST,
        tls:
          env.MLLP_TLS_CERT_PATH && env.MLLP_TLS_KEY_PATH
            ? { certPath: env.MLLP_TLS_CERT_PATH, keyPath: env.MLLP_TLS_KEY_PATH, caPath: env.MLLP_TLS_CA_PATH }
            : undefined,
        maxFrameBytes: env.MLLP_MAX_FRAME_BYTES,
        metricsPort: env.MLLP_METRICS_PORT,
      },
      criticalAckDeadlineSeconds: env.LAB_CRITICAL_ACK_DEADLINE_SECONDS,
      rawMessageRetentionDays: env.LAB_RAW_MESSAGE_RETENTION_DAYS,
    },
    prescriptions: {
      drugKbDir: env.DRUG_KB_DIR,
      epcsAssertionKey,
      pharmacyClientKey,
      refillExpirySeconds: env.PRESCRIPTION_REFILL_EXPIRY_HOURS * 3600,
      newRequestExpirySeconds: env.PRESCRIPTION_NEW_REQUEST_EXPIRY_HOURS * 3600,
      remindAfterSeconds: env.PRESCRIPTION_REMIND_AFTER_MINUTES * 60,
      escalateAfterSeconds: env.PRESCRIPTION_ESCALATE_AFTER_MINUTES * 60,
    },
  };
}
