import { z } from '../../api/openapi/registry.js';
import { PageQuery } from '../shared/pagination.js';

export const DepartmentView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    name: z.string(),
    specialty: z.string().nullable(),
    leadPractitionerId: z.uuid().nullable(),
    onCallPractitionerId: z.uuid().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Department');

export const DepartmentCreate = z
  .object({
    name: z.string().min(1).max(120),
    specialty: z.string().max(100).nullable().optional(),
    leadPractitionerId: z.uuid().nullable().optional(),
    onCallPractitionerId: z.uuid().nullable().optional(),
  })
  .openapi('DepartmentCreate');

export const DepartmentUpdate = DepartmentCreate.partial()
  .refine((v) => Object.keys(v).length > 0, 'must change at least one field')
  .openapi('DepartmentUpdate');

export const DepartmentSearch = PageQuery.extend({ q: z.string().min(1).max(100).optional() });

export const MemberView = z
  .object({ departmentId: z.uuid(), userId: z.uuid(), displayName: z.string(), role: z.string() })
  .openapi('DepartmentMember');

export const MemberParams = z.object({ id: z.uuid(), userId: z.uuid() });

export type DepartmentCreateInput = z.infer<typeof DepartmentCreate>;
export type DepartmentUpdateInput = z.infer<typeof DepartmentUpdate>;
