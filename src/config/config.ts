/** The validated, resolved configuration every process receives. Built by `loadConfig`. */
export interface Config {
  env: 'development' | 'test' | 'production';
  logLevel: string;
  dataDir: string;
  http: { port: number; publicBaseUrl: string; bodyLimit: string; metricsPort: number | undefined };
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
    workflowBundlePath: string | undefined;
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
}
