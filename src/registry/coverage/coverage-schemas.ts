import { z } from '../../api/openapi/registry.js';
import { PageQuery } from '../shared/pagination.js';

export const CoverageView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    practitionerId: z.uuid(),
    coveringPractitionerId: z.uuid(),
    startsAt: z.string(),
    endsAt: z.string(),
    reason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Coverage');

const Instant = z.iso.datetime({ offset: true });

export const CoverageCreate = z
  .object({
    /** Who is away. */
    practitionerId: z.uuid(),
    /** Who covers for them. */
    coveringPractitionerId: z.uuid(),
    startsAt: Instant,
    endsAt: Instant,
    reason: z.string().max(200).nullable().optional(),
  })
  .refine((c) => Date.parse(c.endsAt) > Date.parse(c.startsAt), { message: 'must end after it starts', path: ['endsAt'] })
  .refine((c) => c.practitionerId !== c.coveringPractitionerId, { message: 'a practitioner cannot cover for themselves', path: ['coveringPractitionerId'] })
  .openapi('CoverageCreate');

export const CoverageUpdate = z
  .object({
    coveringPractitionerId: z.uuid().optional(),
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
    reason: z.string().max(200).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'must change at least one field')
  .openapi('CoverageUpdate');

export const CoverageSearch = PageQuery.extend({
  practitionerId: z.uuid().optional(),
  coveringPractitionerId: z.uuid().optional(),
  /** Only coverage in force at this instant. */
  activeAt: Instant.optional(),
});

export type CoverageCreateInput = z.infer<typeof CoverageCreate>;
export type CoverageUpdateInput = z.infer<typeof CoverageUpdate>;
