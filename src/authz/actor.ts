/** Every role a user or service account can hold; one per principal. Mirrors `users_role_check`. */
export const ROLES = ['admin', 'scheduler', 'physician', 'nurse', 'pharmacist', 'ops', 'patient', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a person logs in with (integration is a service account and uses API keys). */
export const USER_ROLES = ROLES.filter((r): r is Exclude<Role, 'integration'> => r !== 'integration');
export type UserRole = (typeof USER_ROLES)[number];

/**
 * Who is acting. `user` logs in with password (and TOTP); `service` is an integration calling with
 * an API key; `system` is the platform itself, e.g. a Temporal activity acting for a workflow.
 * Carries IDs only, never names or contact details, so it can be logged and audited as is.
 */
export interface Actor {
  type: 'user' | 'service' | 'system';
  /** User ID, API key ID, or the workflow's component name for `system`. */
  id: string;
  tenantId: string;
  role: Role | 'system';
  /** Set when the user is a practitioner (physician, nurse, pharmacist…). */
  practitionerId?: string;
  /** Set for patients: the one patient record they may see. */
  patientId?: string;
  /** The login session (refresh-token family); absent for API keys and system actors. */
  sessionId?: string;
  /** True when this session was opened with a second factor (TOTP). */
  mfa: boolean;
  /**
   * True while the user must enrol TOTP before doing anything else: the session may call the MFA
   * enrolment routes only.
   */
  mfaEnrollmentPending?: boolean;
  /** For `system` actors: the workflow they act for. */
  workflowId?: string;
  /**
   * Set while a staff member acts in a patient's place (release of information, `patientProxy`):
   * the actor then holds the `patient` role for `patientId` only, and the audit trail records this,
   * the staff member's own role.
   */
  staffRole?: Role;
}

/**
 * A staff member seen with one patient's permissions: what that patient's portal would show, read by
 * this staff member (audited as them, with their role). Used to release a patient's copy of their
 * record to a patient who asked the clinic for it.
 */
export function patientProxy(staff: Actor, patientId: string): Actor {
  const { practitionerId: _practitioner, ...rest } = staff;
  return { ...rest, role: 'patient', patientId, staffRole: staff.staffRole ?? (staff.role as Role) };
}

/** An actor for a Temporal activity or other background work writing to a tenant's data. */
export function systemActor(tenantId: string, component: string, workflowId?: string): Actor {
  return { type: 'system', id: component, tenantId, role: 'system', mfa: false, workflowId };
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
