import { readFileSync } from 'node:fs';
import { type TLSConfig } from '@temporalio/client';
import { type Config } from '../config/config.js';

/**
 * TLS to the Temporal frontend for the client and the worker alike: off, server-verified TLS, or
 * mutual TLS with a client certificate pair (what the production cluster requires).
 */
export function temporalTls(config: Config): TLSConfig | undefined {
  const { tls, tlsFiles } = config.temporal;
  if (!tls) return undefined;
  return {
    ...(tlsFiles.serverName ? { serverNameOverride: tlsFiles.serverName } : {}),
    ...(tlsFiles.ca ? { serverRootCACertificate: readFileSync(tlsFiles.ca) } : {}),
    ...(tlsFiles.cert && tlsFiles.key ? { clientCertPair: { crt: readFileSync(tlsFiles.cert), key: readFileSync(tlsFiles.key) } } : {}),
  };
}
