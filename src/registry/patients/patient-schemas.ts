import { z } from '../../api/openapi/registry.js';
import { PageQuery } from '../shared/pagination.js';
import { Code, E164, Email, IsoDate, Language, Timezone } from '../shared/validators.js';

export const Channel = z.enum(['sms', 'email']);
export const ConsentStatus = z.enum(['granted', 'revoked', 'unknown']);
export const PreferredChannel = z.enum(['sms', 'email', 'none']);

const ResponsibleParty = z.object({
  name: z.string().min(1).max(200),
  relationship: z.string().min(1).max(60),
  mobileE164: E164.nullable().optional(),
  email: Email.nullable().optional(),
});

/**
 * A patient as the API returns it. Fields a role may not read are omitted (ops see only `id`,
 * contact preferences and consent state), so every other field is optional in this schema.
 */
export const PatientView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    mrn: z.string().optional(),
    givenName: z.string().optional(),
    familyName: z.string().optional(),
    birthDate: IsoDate.optional(),
    sex: z.string().nullable().optional(),
    mobileE164: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    preferredChannel: PreferredChannel.optional(),
    language: z.string().optional(),
    timezone: z.string().nullable().optional(),
    smsConsent: ConsentStatus.optional(),
    smsConsentSource: z.string().nullable().optional(),
    smsConsentAt: z.string().nullable().optional(),
    emailConsent: ConsentStatus.optional(),
    emailConsentSource: z.string().nullable().optional(),
    emailConsentAt: z.string().nullable().optional(),
    responsibleParty: ResponsibleParty.nullable().optional(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .openapi('Patient');

const ConsentGrant = z.object({ status: z.enum(['granted', 'revoked']), source: Code });

export const PatientCreate = z
  .object({
    mrn: z.string().min(1).max(64),
    givenName: z.string().min(1).max(100),
    familyName: z.string().min(1).max(100),
    birthDate: IsoDate,
    sex: z.enum(['female', 'male', 'other', 'unknown']).optional(),
    mobileE164: E164.optional(),
    email: Email.optional(),
    preferredChannel: PreferredChannel.default('sms'),
    language: Language.default('en'),
    timezone: Timezone.optional(),
    responsibleParty: ResponsibleParty.optional(),
    /** Consent captured at registration (e.g. on the intake form). */
    consent: z.object({ sms: ConsentGrant.optional(), email: ConsentGrant.optional() }).optional(),
  })
  .openapi('PatientCreate');

export const PatientUpdate = PatientCreate.omit({ consent: true, mrn: true })
  .partial()
  .extend({
    mobileE164: E164.nullable().optional(),
    email: Email.nullable().optional(),
    timezone: Timezone.nullable().optional(),
    responsibleParty: ResponsibleParty.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'must change at least one field')
  .openapi('PatientUpdate');

export const PatientSearch = PageQuery.extend({
  /** Name words; each must start the given or family name. */
  q: z.string().min(1).max(100).optional(),
  mrn: z.string().min(1).max(64).optional(),
  birthDate: IsoDate.optional(),
});

export const ConsentChange = z.object({ channel: Channel, status: z.enum(['granted', 'revoked']), source: Code }).openapi('ConsentChange');

export const ConsentEventView = z
  .object({ id: z.uuid(), patientId: z.uuid(), channel: Channel, status: z.string(), source: z.string(), recordedAt: z.string() })
  .openapi('ConsentEvent');

export type PatientCreateInput = z.infer<typeof PatientCreate>;
export type PatientUpdateInput = z.infer<typeof PatientUpdate>;
export type ConsentChangeInput = z.infer<typeof ConsentChange>;
