import { type Pojo, type RelationMappings } from 'objection';
import { BaseModel } from '../../db/models/base-model.js';

export interface ResponsibleParty {
  name: string;
  relationship: string;
  mobileE164: string | null;
  email: string | null;
}

const RESPONSIBLE_PARTY_COLUMNS = {
  name: 'responsiblePartyName',
  relationship: 'responsiblePartyRelationship',
  mobileE164: 'responsiblePartyMobileE164',
  email: 'responsiblePartyEmail',
} as const;

/**
 * `patients`: demographics, contacts, current messaging consent per channel and the responsible
 * party of a minor or dependant (four columns in the table, one `responsibleParty` object here).
 */
export class Patient extends BaseModel {
  static override tableName = 'patients';
  static override dateColumns = ['birthDate'];

  declare id: string;
  declare tenantId: string;
  declare mrn: string;
  declare givenName: string;
  declare familyName: string;
  declare birthDate: string;
  declare sex: string | null;
  declare mobileE164: string | null;
  declare email: string | null;
  declare preferredChannel: 'sms' | 'email' | 'none';
  declare language: string;
  declare timezone: string | null;
  declare smsConsent: 'granted' | 'revoked' | 'unknown';
  declare smsConsentSource: string | null;
  declare smsConsentAt: string | null;
  declare emailConsent: 'granted' | 'revoked' | 'unknown';
  declare emailConsentSource: string | null;
  declare emailConsentAt: string | null;
  declare responsibleParty: ResponsibleParty | null;
  declare createdAt: string;
  declare updatedAt: string;

  static override get relationMappings(): RelationMappings {
    return {
      consentEvents: {
        relation: BaseModel.HasManyRelation,
        modelClass: PatientConsentEvent,
        join: { from: 'patients.id', to: 'patient_consent_events.patient_id' },
      },
    };
  }

  /** Folds the responsible-party columns into one object (null when there is none). */
  override $parseDatabaseJson(json: Pojo): Pojo {
    const parsed = super.$parseDatabaseJson(json);
    if (!(RESPONSIBLE_PARTY_COLUMNS.name in parsed)) return parsed;
    const party = parsed[RESPONSIBLE_PARTY_COLUMNS.name]
      ? {
          name: parsed[RESPONSIBLE_PARTY_COLUMNS.name] as string,
          relationship: (parsed[RESPONSIBLE_PARTY_COLUMNS.relationship] as string | null) ?? '',
          mobileE164: (parsed[RESPONSIBLE_PARTY_COLUMNS.mobileE164] as string | null) ?? null,
          email: (parsed[RESPONSIBLE_PARTY_COLUMNS.email] as string | null) ?? null,
        }
      : null;
    for (const column of Object.values(RESPONSIBLE_PARTY_COLUMNS)) delete parsed[column];
    return { ...parsed, responsibleParty: party };
  }

  /** Flattens `responsibleParty` back into its columns; `null` clears them. */
  override $formatDatabaseJson(json: Pojo): Pojo {
    const { responsibleParty, ...rest } = json as Pojo & { responsibleParty?: Partial<ResponsibleParty> | null };
    if (responsibleParty !== undefined) {
      for (const [field, column] of Object.entries(RESPONSIBLE_PARTY_COLUMNS)) {
        rest[column] = responsibleParty?.[field as keyof ResponsibleParty] ?? null;
      }
    }
    return super.$formatDatabaseJson(rest);
  }
}

/** `patient_consent_events`: the history behind the current consent (TCPA: source and time). */
export class PatientConsentEvent extends BaseModel {
  static override tableName = 'patient_consent_events';

  declare id: string;
  declare tenantId: string;
  declare patientId: string;
  declare channel: 'sms' | 'email';
  declare status: 'granted' | 'revoked';
  declare source: string;
  declare recordedAt: string;
}
