/**
 * Every subject type permissions talk about. Features add theirs by augmenting this interface from
 * their own module, next to their rules, so no central list has to be edited:
 *
 *   declare module '../../authz/subjects.js' {
 *     interface SubjectTypes { LabResult: true }
 *   }
 *
 * Records checked against rules carry camelCase fields and a `tenantId` (see `asSubject`).
 */
export interface SubjectTypes {
  Patient: true;
  /** A patient's messaging consent (current state and its history). */
  PatientConsent: true;
  Practitioner: true;
  Department: true;
  /** Membership of a department (team / work pool). */
  DepartmentMember: true;
  Coverage: true;
  User: true;
  ApiKey: true;
  Tenant: true;
  AuditEvent: true;
  /** Temporal payloads through the remote codec (decrypting them reveals PHI). */
  TemporalPayload: true;
  SystemCheck: true;
  /** The caller's own second factor. */
  Mfa: true;
}

/** Actions; augment like `SubjectTypes` when a feature needs a verb of its own (sign, acknowledge…). */
export interface ActionTypes {
  read: true;
  create: true;
  update: true;
  delete: true;
  encode: true;
  decode: true;
  enroll: true;
  /** A copy of a patient's whole record for the patient (right of access). */
  export: true;
  /** That copy produced by staff at the patient's request (release of information). */
  disclose: true;
}

export type SubjectType = Extract<keyof SubjectTypes, string>;
export type Action = Extract<keyof ActionTypes, string>;

/** A plain record (tagged with its subject type by `asSubject`) that conditions are checked against. */
export type SubjectRecord = Record<string, unknown>;
