import { z } from 'zod';
import { type Role, ROLES } from '../authz/actor.js';

/** Roles that always need a second factor (ONC (d)(13); EPCS signers). Tenants may add roles, not remove these. */
export const BASELINE_MFA_ROLES: readonly Role[] = ['admin', 'physician', 'pharmacist'];
/** Automatic logoff after 15 idle minutes (ONC (d)(5)) unless the tenant sets another limit. */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 900;

/** The identity part of `tenants.settings.auth`. Other features keep their settings under other keys. */
export const TenantAuthSettingsSchema = z.object({
  /** Roles that need MFA in addition to the baseline (admin, physician, pharmacist). */
  mfaRequiredRoles: z.array(z.enum(ROLES).exclude(['integration'])).optional(),
  /** Idle time after which a session ends and cannot be refreshed. */
  idleTimeoutSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type TenantAuthSettings = z.infer<typeof TenantAuthSettingsSchema>;

export interface TenantAuthPolicy {
  mfaRequiredRoles: Role[];
  idleTimeoutSeconds: number;
}

/** Reads the policy from a tenant's settings; malformed settings fall back to the strict defaults. */
export function authPolicyOf(settings: unknown): TenantAuthPolicy {
  const raw = (settings as { auth?: unknown } | null)?.auth;
  const parsed = TenantAuthSettingsSchema.safeParse(raw ?? {});
  const auth = parsed.success ? parsed.data : {};
  return {
    mfaRequiredRoles: [...new Set([...BASELINE_MFA_ROLES, ...(auth.mfaRequiredRoles ?? [])])],
    idleTimeoutSeconds: auth.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS,
  };
}
