import { z } from '../../api/openapi/registry.js';
import { USER_ROLES } from '../../authz/actor.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/passwords.js';
import { PageQuery } from '../shared/pagination.js';
import { Email } from '../shared/validators.js';

const Password = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

export const UserView = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(USER_ROLES),
    practitionerId: z.uuid().nullable(),
    patientId: z.uuid().nullable(),
    mfaEnabled: z.boolean(),
    lastLoginAt: z.string().nullable(),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('User');

export const UserCreate = z
  .object({
    email: Email,
    displayName: z.string().min(1).max(120),
    role: z.enum(USER_ROLES),
    /** Initial password; the user signs in with it. */
    password: Password,
    practitionerId: z.uuid().nullable().optional(),
    /** Required for the patient role: the record the user may see. */
    patientId: z.uuid().nullable().optional(),
  })
  .openapi('UserCreate');

export const UserUpdate = z
  .object({
    email: Email.optional(),
    displayName: z.string().min(1).max(120).optional(),
    /** A privilege change: audited, and the user's sessions end. */
    role: z.enum(USER_ROLES).optional(),
    practitionerId: z.uuid().nullable().optional(),
    patientId: z.uuid().nullable().optional(),
    /** Disabling ends the user's sessions; re-enabling lets them sign in again. */
    disabled: z.boolean().optional(),
    /** Administrator password reset. */
    password: Password.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'must change at least one field')
  .openapi('UserUpdate');

export const UserSearch = PageQuery.extend({
  role: z.enum(USER_ROLES).optional(),
  q: z.string().min(1).max(100).optional(),
});

export type UserCreateInput = z.infer<typeof UserCreate>;
export type UserUpdateInput = z.infer<typeof UserUpdate>;
