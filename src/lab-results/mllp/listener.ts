import { readFileSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { type TlsOptions } from 'node:tls';
import { type Config } from '../../config/config.js';
import { type Logger } from '../../logging/logger.js';
import { hl7AckLatencySeconds } from '../../observability/metrics.js';
import { type LabIngestion } from '../inbox/ingestion.js';
import { createMllpServer, type MllpServer } from '../interop/index.js';

export interface LabMllpListener {
  server: MllpServer;
  address: AddressInfo;
}

function tlsOptions(tls: Config['labResults']['mllp']['tls']): TlsOptions | undefined {
  if (!tls) return undefined;
  return {
    cert: readFileSync(tls.certPath),
    key: readFileSync(tls.keyPath),
    // With a CA, only labs holding a certificate it signed may connect (mutual TLS).
    ...(tls.caPath ? { ca: readFileSync(tls.caPath), requestCert: true, rejectUnauthorized: true } : {}),
    minVersion: 'TLSv1.2',
  };
}

/**
 * The MLLP listener labs send HL7 v2 results to. Each frame goes through the ingestion pipeline,
 * which stores the raw message before the ACK is returned; the ACK is written only then. Events
 * are logged with their kind only: frames may hold PHI.
 */
export async function startLabMllpListener(options: {
  ingestion: LabIngestion;
  mllp: Pick<Config['labResults']['mllp'], 'port' | 'host' | 'tls' | 'maxFrameBytes'>;
  logger: Logger;
}): Promise<LabMllpListener> {
  const { ingestion, mllp, logger } = options;
  const server = createMllpServer({
    maxFrameBytes: mllp.maxFrameBytes,
    tls: tlsOptions(mllp.tls),
    onMessage: async (raw) => {
      const started = performance.now();
      const receipt = await ingestion.receiveHl7(raw, 'mllp');
      hl7AckLatencySeconds.observe((performance.now() - started) / 1000);
      return receipt.ack;
    },
    onEvent: (event) => {
      if (event.kind === 'oversized-frame') logger.warn({ totalBytes: event.totalBytes }, 'mllp: oversized frame answered AR');
      else logger.warn({ kind: event.kind, err: { type: (event.error as Error)?.name, code: (event.error as NodeJS.ErrnoException)?.code } }, 'mllp: connection problem');
    },
  });
  const address = await server.listen(mllp.port, mllp.host);
  return { server, address };
}
