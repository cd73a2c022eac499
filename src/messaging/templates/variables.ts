/**
 * The variable allow-list. Each template names the only variables it accepts; no template accepts a
 * diagnosis, result, test, drug or any other clinical detail (FCC exemption; Cures Act notices say
 * nothing of content). Anything else passed to the renderer is rejected, not ignored, so a caller that
 * tries is found in tests rather than in a patient's inbox.
 */

export const VARIABLE_KINDS = {
  clinicName: 'text',
  clinicPhone: 'text',
  practitionerName: 'text',
  locationName: 'text',
  pharmacyName: 'text',
  appointmentAt: 'datetime',
  bookingLink: 'url',
  manageLink: 'url',
  portalLink: 'url',
  ackLink: 'url',
  alertId: 'reference',
} as const;

export type VariableName = keyof typeof VARIABLE_KINDS;
export type VariableKind = (typeof VARIABLE_KINDS)[VariableName];

interface VariableSpec {
  required: readonly VariableName[];
  optional: readonly VariableName[];
}

const APPOINTMENT = {
  required: ['clinicName', 'appointmentAt'],
  optional: ['practitionerName', 'locationName', 'manageLink'],
} as const satisfies VariableSpec;

export const TEMPLATE_VARIABLES = {
  'appointment.reminder': APPOINTMENT,
  'appointment.confirm-request': APPOINTMENT,
  'appointment.confirmed': APPOINTMENT,
  'appointment.cancelled': { required: ['clinicName', 'appointmentAt'], optional: ['bookingLink'] },
  'appointment.moved': APPOINTMENT,
  'appointment.no-show-rebook': { required: ['clinicName'], optional: ['bookingLink', 'clinicPhone'] },
  'appointment.reschedule-requested': { required: ['clinicName'], optional: ['clinicPhone'] },
  'result.available': { required: ['clinicName'], optional: ['portalLink'] },
  'referral.accepted': { required: ['clinicName'], optional: ['clinicPhone'] },
  'referral.please-book': { required: ['clinicName'], optional: ['bookingLink', 'clinicPhone'] },
  'referral.booked': { required: ['clinicName', 'appointmentAt'], optional: ['locationName', 'manageLink'] },
  'referral.declined': { required: ['clinicName'], optional: ['clinicPhone'] },
  'prescription.sent': { required: ['clinicName'], optional: ['pharmacyName'] },
  'prescription.not-approved': { required: ['clinicName'], optional: ['clinicPhone'] },
  'critical-result.alert': { required: ['clinicName', 'alertId'], optional: ['ackLink'] },
  // Staff task notices: a reference to quote in the inbox, never the task's title or its patient.
  'task.reminder': { required: ['clinicName', 'alertId'], optional: [] },
  'task.escalated': { required: ['clinicName', 'alertId'], optional: [] },
  'messaging.opt-out-confirmation': { required: ['clinicName'], optional: [] },
  'messaging.opt-in-confirmation': { required: ['clinicName'], optional: [] },
  'messaging.help': { required: ['clinicName'], optional: ['clinicPhone'] },
} as const satisfies Record<string, VariableSpec>;

export type TemplateKey = keyof typeof TEMPLATE_VARIABLES;
export const TEMPLATE_KEYS = Object.keys(TEMPLATE_VARIABLES) as TemplateKey[];

type VariableValue<N extends VariableName> = (typeof VARIABLE_KINDS)[N] extends 'datetime' ? Date : string;
type RequiredOf<K extends TemplateKey> = (typeof TEMPLATE_VARIABLES)[K]['required'][number];
type OptionalOf<K extends TemplateKey> = (typeof TEMPLATE_VARIABLES)[K]['optional'][number];

/** The variables a template takes, typed: required ones must be present, optional ones may be null. */
export type TemplateVariables<K extends TemplateKey> = { [N in RequiredOf<K>]: VariableValue<N> } & {
  [N in OptionalOf<K>]?: VariableValue<N> | null;
};

export function isTemplateKey(key: string): key is TemplateKey {
  return Object.hasOwn(TEMPLATE_VARIABLES, key);
}

export function allowedVariables(key: TemplateKey): ReadonlySet<VariableName> {
  const spec: VariableSpec = TEMPLATE_VARIABLES[key];
  return new Set([...spec.required, ...spec.optional]);
}

export function requiredVariables(key: TemplateKey): readonly VariableName[] {
  const spec: VariableSpec = TEMPLATE_VARIABLES[key];
  return spec.required;
}
