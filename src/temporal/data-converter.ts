import { type DataConverter } from '@temporalio/common';
import { EncryptionCodec, type Keyring } from './encryption-codec.js';

/** Path of the failure converter module; the worker also bundles it into the workflow sandbox. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * The one data converter. Every client, worker, replay test and the codec endpoint use it, so
 * nothing that could hold PHI reaches Temporal in plaintext: payloads are encrypted, and failure
 * messages and stack traces are moved into an encrypted payload.
 */
export function createDataConverter(keyring: Keyring): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(keyring)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}

export { EncryptionCodec, type Keyring };
