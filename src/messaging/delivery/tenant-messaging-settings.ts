/**
 * A tenant's messaging settings, under `tenants.settings.messaging`:
 *
 *   { "sendWindow": { "start": "09:00", "end": "20:00" },        // may narrow 08:00-21:00, never widen
 *     "frequencyCaps": { "perDay": 1, "perRollingWeek": 2 },     // may lower 1/day, 3/week, never raise
 *     "clinicName": "Lakeside Clinic", "clinicPhone": "+1 555 010 0100",
 *     "defaultLanguage": "es", "templateOverrides": { … } }
 *
 * Read at send time. A value outside the legal bounds is narrowed to them (or ignored), never widened:
 * the stricter rule wins when the settings are wrong.
 */
import { z } from 'zod';
import { LEGAL_FREQUENCY_CAPS, type FrequencyCaps, validateFrequencyCaps } from '../frequency-cap.js';
import { LEGAL_SEND_WINDOW, resolveSendWindow, type SendWindow } from '../quiet-hours.js';
import { type TemplateOverrides, validateTemplateOverrides } from '../templates/index.js';

export const TenantMessagingSettingsSchema = z.object({
  sendWindow: z.object({ start: z.string().optional(), end: z.string().optional() }).optional(),
  frequencyCaps: z.object({ perDay: z.number(), perRollingWeek: z.number() }).optional(),
  clinicName: z.string().min(1).max(120).optional(),
  clinicPhone: z.string().min(3).max(40).optional(),
  defaultLanguage: z.string().min(2).max(20).optional(),
  templateOverrides: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.string()))).optional(),
});

export interface TenantMessaging {
  clinicName: string;
  clinicPhone: string | undefined;
  timeZone: string;
  defaultLanguage: string;
  sendWindow: SendWindow;
  caps: FrequencyCaps;
  overrides: TemplateOverrides | undefined;
}

export interface TenantRowForMessaging {
  name: string;
  timezone: string;
  locale: string;
  settings: unknown;
}

function attempt<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

const clamp = (value: number, max: number) => (Number.isFinite(value) ? Math.min(Math.max(Math.floor(value), 1), max) : max);

/** Each cap narrowed into 1..legal on its own, so one bad value cannot loosen the other. */
function clampCaps(caps: { perDay: number; perRollingWeek: number } | undefined): FrequencyCaps {
  if (!caps) return LEGAL_FREQUENCY_CAPS;
  return validateFrequencyCaps({
    perDay: clamp(caps.perDay, LEGAL_FREQUENCY_CAPS.perDay),
    perRollingWeek: clamp(caps.perRollingWeek, LEGAL_FREQUENCY_CAPS.perRollingWeek),
  });
}

export function tenantMessagingOf(tenant: TenantRowForMessaging): TenantMessaging {
  const raw = (tenant.settings as { messaging?: unknown } | null)?.messaging;
  const parsed = TenantMessagingSettingsSchema.safeParse(raw ?? {});
  const settings = parsed.success ? parsed.data : {};
  const overrides = settings.templateOverrides as TemplateOverrides | undefined;
  return {
    clinicName: settings.clinicName ?? tenant.name,
    clinicPhone: settings.clinicPhone,
    timeZone: tenant.timezone,
    defaultLanguage: settings.defaultLanguage ?? tenant.locale,
    sendWindow: attempt(() => resolveSendWindow(settings.sendWindow ?? {}, { onWider: 'clamp' }), LEGAL_SEND_WINDOW),
    caps: clampCaps(settings.frequencyCaps),
    // A broken override must not stop reminders: fall back to the catalog texts.
    overrides: overrides && attempt(() => (validateTemplateOverrides(overrides), true), false) ? overrides : undefined,
  };
}
