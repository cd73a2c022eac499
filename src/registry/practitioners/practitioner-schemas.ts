import { z } from '../../api/openapi/registry.js';
import { PageQuery } from '../shared/pagination.js';
import { Timezone } from '../shared/validators.js';
import { isValidDeaNumber, isValidNpi } from './identifiers.js';

export const PRACTITIONER_KINDS = ['physician', 'resident', 'nurse-practitioner', 'physician-assistant', 'nurse', 'pharmacist'] as const;
/** Kinds that may hold prescriptive authority. */
export const PRESCRIBER_KINDS: readonly string[] = ['physician', 'resident', 'nurse-practitioner', 'physician-assistant'];

const Npi = z.string().refine(isValidNpi, 'must be a 10-digit NPI with a valid check digit');
const Dea = z
  .string()
  .transform((v) => v.toUpperCase())
  .refine(isValidDeaNumber, 'must be a DEA registration number with a valid check digit');

export const PractitionerView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    givenName: z.string(),
    familyName: z.string(),
    title: z.string().nullable(),
    kind: z.enum(PRACTITIONER_KINDS),
    specialty: z.string().nullable(),
    npi: z.string().nullable(),
    deaNumber: z.string().nullable(),
    canPrescribe: z.boolean(),
    supervisingPractitionerId: z.uuid().nullable(),
    timezone: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Practitioner');

const Fields = z.object({
  givenName: z.string().min(1).max(100),
  familyName: z.string().min(1).max(100),
  title: z.string().max(40).nullable().optional(),
  kind: z.enum(PRACTITIONER_KINDS),
  specialty: z.string().max(100).nullable().optional(),
  npi: Npi.nullable().optional(),
  deaNumber: Dea.nullable().optional(),
  canPrescribe: z.boolean().default(false),
  /** Required for residents: the attending who co-signs. */
  supervisingPractitionerId: z.uuid().nullable().optional(),
  timezone: Timezone.nullable().optional(),
});

export const PractitionerCreate = Fields.openapi('PractitionerCreate');
export const PractitionerUpdate = Fields.partial()
  .extend({ active: z.boolean().optional(), canPrescribe: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'must change at least one field')
  .openapi('PractitionerUpdate');

export const PractitionerSearch = PageQuery.extend({
  q: z.string().min(1).max(100).optional(),
  kind: z.enum(PRACTITIONER_KINDS).optional(),
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export type PractitionerCreateInput = z.infer<typeof PractitionerCreate>;
export type PractitionerUpdateInput = z.infer<typeof PractitionerUpdate>;
