import { Duration } from 'luxon';
import { z } from 'zod';
import { SLA_KINDS, type SlaKind, type Urgency } from '../../workflows/shared/referral.js';

/**
 * A tenant's referral settings, under `tenants.settings.referrals`. Each SLA is an ISO 8601
 * duration (`PT4H`, `P14D`, `PT3S` in tests) or a number of business days (`{ "businessDays": 2 }`),
 * counted on the tenant's calendar (weekend days and holidays, in the tenant's time zone).
 *
 *   { "sla": { "triage": { "routine": { "businessDays": 2 }, "urgent": "PT4H" } },
 *     "calendar": { "weekend": [6, 7], "holidays": ["2026-12-25"] },
 *     "scheduling": "patient", "visitCheckInterval": "PT1H" }
 */
const isoDuration = z.string().refine((value) => {
  const duration = Duration.fromISO(value);
  return duration.isValid && duration.as('milliseconds') > 0;
}, 'must be a positive ISO 8601 duration such as P14D, PT4H or PT30S');

export const SlaValue = z.union([isoDuration, z.object({ businessDays: z.number().int().min(1).max(60) })]);
export type SlaValue = z.infer<typeof SlaValue>;

const PerUrgency = z.object({ routine: SlaValue, urgent: SlaValue, emergent: SlaValue });
type PerUrgency = z.infer<typeof PerUrgency>;

export const ReferralSettingsSchema = z.object({
  sla: z.object(Object.fromEntries(SLA_KINDS.map((kind) => [kind, PerUrgency.partial().optional()]))).partial(),
  calendar: z.object({
    weekend: z.array(z.number().int().min(1).max(7)).max(6).optional(),
    holidays: z.array(z.iso.date()).max(400).optional(),
  }),
  scheduling: z.enum(['patient', 'scheduler']),
  visitCheckInterval: isoDuration,
});

const days = (n: number) => ({ businessDays: n });

/** The defaults of the issue: triage in 2 business days (4 h urgent), booking in 14 days, the report 7 days after the visit. */
export const DEFAULT_SLAS: Record<SlaKind, PerUrgency> = {
  triage: { routine: days(2), urgent: 'PT4H', emergent: 'PT1H' },
  moreInfo: { routine: days(2), urgent: 'PT4H', emergent: 'PT1H' },
  declineReview: { routine: days(2), urgent: 'PT8H', emergent: 'PT2H' },
  booking: { routine: 'P14D', urgent: 'P3D', emergent: 'P1D' },
  bookingFollowUp: { routine: 'P7D', urgent: 'P1D', emergent: 'PT8H' },
  report: { routine: 'P7D', urgent: 'P2D', emergent: 'P1D' },
  review: { routine: days(5), urgent: days(1), emergent: 'PT8H' },
};

export interface ReferralSettings {
  sla: Record<SlaKind, PerUrgency>;
  weekend: number[];
  holidays: string[];
  scheduling: 'patient' | 'scheduler';
  /** ISO 8601, as stored. */
  visitCheckInterval: string;
  visitCheckIntervalMs: number;
}

/**
 * What an administrator sends (`PUT /api/v1/settings/referrals`): the stored shape, strictly: an
 * unknown stage, urgency or key is refused (a typo must not leave a default silently in force).
 */
export const ReferralSettingsBody = z.strictObject({
  sla: z.strictObject(Object.fromEntries(SLA_KINDS.map((kind) => [kind, z.strictObject(PerUrgency.shape).partial().optional()]))),
  calendar: z.strictObject({
    weekend: z.array(z.number().int().min(1).max(7)).max(6).refine((days) => new Set(days).size === days.length, 'must not repeat a day'),
    holidays: z.array(z.iso.date()).max(400),
  }),
  scheduling: z.enum(['patient', 'scheduler']),
  visitCheckInterval: isoDuration,
});
export type ReferralSettingsInput = z.infer<typeof ReferralSettingsBody>;

/** The settings in force, in the stored shape: every stage's SLAs (defaults where unset), calendar, mode, interval. */
export function referralSettingsView(settings: ReferralSettings): ReferralSettingsInput {
  return {
    sla: settings.sla,
    calendar: { weekend: settings.weekend, holidays: settings.holidays },
    scheduling: settings.scheduling,
    visitCheckInterval: settings.visitCheckInterval,
  };
}

function section<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The tenant's settings over the defaults, part by part: a stored value that no longer validates
 * falls back to its default rather than stopping referrals.
 */
export function referralSettingsOf(tenantSettings: unknown): ReferralSettings {
  const stored = ((tenantSettings as { referrals?: unknown } | null)?.referrals ?? {}) as Record<string, unknown>;
  const shape = ReferralSettingsSchema.shape;
  const sla = Object.fromEntries(
    SLA_KINDS.map((kind) => {
      const override = section(PerUrgency.partial(), (stored.sla as Record<string, unknown> | undefined)?.[kind]) ?? {};
      return [kind, { ...DEFAULT_SLAS[kind], ...override }];
    }),
  ) as Record<SlaKind, PerUrgency>;
  const calendar = section(shape.calendar, stored.calendar) ?? {};
  const interval = section(shape.visitCheckInterval, stored.visitCheckInterval) ?? 'PT1H';
  return {
    sla,
    weekend: calendar.weekend ?? [6, 7],
    holidays: calendar.holidays ?? [],
    scheduling: section(shape.scheduling, stored.scheduling) ?? 'patient',
    visitCheckInterval: interval,
    visitCheckIntervalMs: Duration.fromISO(interval).as('milliseconds'),
  };
}

export const slaValueOf = (settings: ReferralSettings, kind: SlaKind, urgency: Urgency): SlaValue => settings.sla[kind][urgency];
