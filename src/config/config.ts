import { type MessagingConfig } from './messaging.js';

/** The validated, resolved configuration every process receives. Built by `loadConfig`. */
export interface Config {
  env: 'development' | 'test' | 'production';
  logLevel: string;
  dataDir: string;
  /** Patient messaging: Twilio, SMTP, action-link signing. */
  messaging: MessagingConfig;
  http: { port: number; publicBaseUrl: string; bodyLimit: string; metricsPort: number | undefined };
  observability: { metricsHost: string; temporalSdkMetricsPort: number | undefined; otlpEndpoint: string | undefined };
  db: {
    /** Owner/migrator connection. In development it may be absent until the embedded server starts. */
    url: string | undefined;
    /** Connection used by the API and worker. When absent, `url` is used with `SET ROLE appRole`. */
    appUrl: string | undefined;
    appRole: string;
    poolMax: number;
  };
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    uiOrigin: string;
    tls: boolean;
    tlsFiles: { cert: string | undefined; key: string | undefined; ca: string | undefined; serverName: string | undefined };
    workflowBundlePath: string | undefined;
    maxCachedWorkflows: number;
  };
  payloadKeys: { activeKeyId: string; keys: Record<string, string> };
  auth: {
    jwtSigningKey: string;
    /** Base64 AES-256 key for TOTP secrets at rest. */
    mfaEncryptionKey: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    loginThrottle: { maxFailuresPerAccount: number; maxFailuresPerIp: number; windowSeconds: number; lockoutSeconds: number };
  };
  labResults: {
    mllp: {
      port: number;
      host: string;
      /** PEM file paths; plain TCP when absent. `caPath` turns on client-certificate checks. */
      tls: { certPath: string; keyPath: string; caPath: string | undefined } | undefined;
      maxFrameBytes: number;
      metricsPort: number | undefined;
    };
    criticalAckDeadlineSeconds: number;
    /** Days a raw message is kept once finished with; a tenant's lab settings override it. */
    rawMessageRetentionDays: number;
  };
  prescriptions: {
    /** Drug knowledge base directory; undefined: the shipped data/drug-knowledge-base. */
    drugKbDir: string | undefined;
    /** Base64 PKCS#8 DER Ed25519 key signing EPCS signing assertions (API side). */
    epcsAssertionKey: string;
    /** Base64 PKCS#8 DER EC P-384 key of our SMART Backend Services client (pharmacy FHIR endpoints). */
    pharmacyClientKey: string;
    /** Defaults for unanswered requests; a tenant's prescription settings override them. */
    refillExpirySeconds: number;
    newRequestExpirySeconds: number;
    remindAfterSeconds: number;
    escalateAfterSeconds: number;
  };
}
