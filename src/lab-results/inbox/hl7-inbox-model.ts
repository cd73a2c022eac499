import { type Pojo } from 'objection';
import { BaseModel } from '../../db/models/base-model.js';
import { type AckCode, type Hl7ErrorConditionCode, type Hl7Location } from '../interop/index.js';
import { withoutNul } from './nul-safe.js';

export type InboxTransport = 'mllp' | 'http-hl7' | 'http-fhir';
export type InboxFormat = 'hl7v2' | 'fhir';
/** accepted: parsed, to be processed; failed: could not be parsed; rejected: sender not allowed. */
export type InboxStatus = 'accepted' | 'failed' | 'rejected';

export interface InboxError {
  /** Hl7ParseError code, FHIR_INVALID, UNKNOWN_SENDER… never a value from the message. */
  code: string;
  text: string;
  location?: Hl7Location | { expression: string };
  /** HL7 table 0357 condition for ERR-3. */
  condition?: Hl7ErrorConditionCode;
  /** Structured, PHI-free details (a FHIR OperationOutcome). */
  details?: unknown;
}

const ERROR_COLUMNS = ['errorCode', 'errorText', 'errorLocation', 'ackCondition', 'errorDetails'] as const;

/**
 * `hl7_inbox`: every inbound message, raw, with the outcome it was answered with. Here the message
 * is one `raw` string (the table keeps it as bytes when it holds a NUL, and its size) and the
 * outcome's error one `error` object (five columns in the table).
 */
export class Hl7InboxMessage extends BaseModel {
  static override tableName = 'hl7_inbox';
  static override jsonAttributes = ['errorLocation', 'errorDetails'];

  declare id: string;
  declare tenantId: string | null;
  declare integrationId: string | null;
  declare transport: InboxTransport;
  declare format: InboxFormat;
  declare sendingApplication: string | null;
  declare sendingFacility: string | null;
  declare messageControlId: string | null;
  declare messageType: string | null;
  /** Null once purged under the retention policy (raw-retention.ts); `rawSha256` then says what it was. */
  declare raw: string | null;
  declare rawSha256: string | null;
  declare rawPurgedAt: string | null;
  declare sizeBytes: number;
  declare receivedAt: string;
  declare status: InboxStatus;
  declare ackCode: AckCode;
  declare error: InboxError | null;
  declare processedAt: string | null;
  declare reportCount: number | null;
  /** Failed processing attempts of an accepted message (processing-failure.ts). */
  declare processingAttempts: number;
  /** Before this the sweeper does not try the message again; null: due (or done). */
  declare processingRetryAt: string | null;

  /** Reads `raw_bytes` back as text, and folds the error columns (null when there is no error). */
  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    if ('rawBytes' in parsed) {
      parsed.raw ??= (parsed.rawBytes as Buffer | null)?.toString('utf8') ?? null;
      delete parsed.rawBytes;
    }
    if (!('errorCode' in parsed)) return parsed;
    const error: InboxError | null = parsed.errorCode
      ? {
          code: parsed.errorCode as string,
          text: (parsed.errorText as string | null) ?? '',
          ...(parsed.errorLocation ? { location: parsed.errorLocation as InboxError['location'] } : {}),
          ...(parsed.ackCondition ? { condition: parsed.ackCondition as Hl7ErrorConditionCode } : {}),
          ...(parsed.errorDetails != null ? { details: parsed.errorDetails } : {}),
        }
      : null;
    for (const column of ERROR_COLUMNS) delete parsed[column];
    return { ...parsed, error };
  }

  /**
   * Splits `raw` into text or bytes plus its size, and `error` into its columns (`null` clears them).
   * Every other text (header fields such as MSH-10, error texts and details) has a NUL replaced by
   * U+FFFD: the raw message keeps the original, and one NUL must not stop the row being stored.
   */
  override $formatDatabaseJson(json: Pojo): Pojo {
    const { raw, error, ...rest } = json as Pojo & { raw?: string | null; error?: InboxError | null };
    if (raw !== undefined && raw !== null) {
      // PostgreSQL text cannot hold NUL; such a message (garbage, mostly) is kept as bytes instead.
      const hasNul = raw.includes('\u0000');
      rest.raw = hasNul ? null : raw;
      rest.rawBytes = hasNul ? Buffer.from(raw, 'utf8') : null;
      rest.sizeBytes = Buffer.byteLength(raw, 'utf8');
    }
    if (error !== undefined) {
      rest.errorCode = error?.code ?? null;
      rest.errorText = error?.text ?? null;
      rest.errorLocation = error?.location ?? null;
      rest.ackCondition = error?.condition ?? null;
      rest.errorDetails = error?.details ?? null;
    }
    return super.$formatDatabaseJson(withoutNul(rest));
  }
}
