import { z } from '../../api/openapi/registry.js';
import { TenantAuthSettingsSchema } from '../../auth/tenant-auth-policy.js';
import { Language, Timezone } from '../shared/validators.js';

export const TenantView = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    timezone: z.string(),
    locale: z.string(),
    settings: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Tenant');

/** `tasks`: `emailNotices: false` keeps reminders and escalations in the inbox only (no staff email). */
export const TenantTaskSettingsSchema = z.object({ emailNotices: z.boolean().nullable().optional() });

/**
 * Settings are grouped by feature (`auth`, `tasks`, and whatever later features add). A PATCH merges
 * each group one level deep; `auth` and `tasks` are validated here, other groups by the features
 * that read them (or their own endpoints).
 */
export const TenantSettingsPatch = z.looseObject({ auth: TenantAuthSettingsSchema.optional(), tasks: TenantTaskSettingsSchema.optional() });

export const TenantUpdate = z
  .object({
    name: z.string().min(1).max(200).optional(),
    timezone: Timezone.optional(),
    locale: Language.optional(),
    settings: TenantSettingsPatch.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'must change at least one field')
  .openapi('TenantUpdate');

export type TenantUpdateInput = z.infer<typeof TenantUpdate>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merges a settings patch into the current settings, one level deep per group; `null` removes a key. */
export function mergeSettings(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [group, value] of Object.entries(patch)) {
    if (value === null) delete merged[group];
    else if (isPlainObject(value) && isPlainObject(merged[group])) {
      const inner: Record<string, unknown> = { ...merged[group] };
      for (const [key, v] of Object.entries(value)) {
        if (v === null) delete inner[key];
        else inner[key] = v;
      }
      merged[group] = inner;
    } else merged[group] = value;
  }
  return merged;
}
