import { type Pojo } from 'objection';
import { BaseModel } from '../../db/models/base-model.js';

/** Credential columns: read where needed, but never part of a record handed out. */
const CREDENTIAL_FIELDS = ['passwordHash', 'mfaSecretEncrypted', 'mfaLastUsedStep'] as const;

/** `users`: people (staff and patients) who sign in, with their role and links. */
export class User extends BaseModel {
  static override tableName = 'users';

  declare id: string;
  declare tenantId: string;
  declare email: string;
  declare displayName: string;
  declare role: string;
  declare passwordHash: string | null;
  declare practitionerId: string | null;
  declare patientId: string | null;
  declare mfaSecretEncrypted: string | null;
  declare mfaEnabled: boolean;
  /** bigint: node-postgres reads it as a string. */
  declare mfaLastUsedStep: string | null;
  declare failedLoginCount: number;
  declare lockedUntil: string | null;
  declare lastLoginAt: string | null;
  declare disabledAt: string | null;
  declare mobileE164: string | null;
  declare smsOptedOutAt: string | null;
  declare createdAt: string;
  declare updatedAt: string;

  /** A password hash or TOTP secret never reaches a record, even when a query selected it. */
  override $formatJson(json: Pojo): Pojo {
    const formatted = super.$formatJson(json);
    for (const field of CREDENTIAL_FIELDS) delete formatted[field];
    return formatted;
  }
}
