import { type MedicationRequest } from '@medplum/fhirtypes';

/** A pharmacy of the tenant's directory, as transmission needs it. */
export interface PharmacyEndpoint {
  id: string;
  transport: 'fhir' | 'dev';
  fhirEndpointUrl: string | null;
  /** SMART Backend Services registration at the pharmacy; null: its endpoint takes no token. */
  auth: { tokenUrl: string; clientId: string; scope: string | null } | null;
}

export interface PharmacyTransmission {
  tenantId: string;
  prescriptionId: string;
  pharmacy: PharmacyEndpoint;
  /** The signed order as FHIR R4; its business identifier is the prescription ID. */
  medicationRequest: MedicationRequest;
}

export interface PharmacyReceipt {
  /** The pharmacy's own identifier for the received prescription. */
  pharmacyReference: string;
  /** True when the pharmacy already had it (a retried or repeated transmission). */
  duplicate: boolean;
}

/**
 * Sends a signed prescription to a pharmacy. Implementations must be idempotent: sending the same
 * prescription twice leaves one prescription at the pharmacy (the identifier is the key).
 */
export interface PharmacyAdapter {
  transmit(transmission: PharmacyTransmission): Promise<PharmacyReceipt>;
}

/**
 * The pharmacy refused the prescription (invalid content, unknown patient, not accepting): sending
 * it again unchanged will not help. `code` is machine-readable; `detail` is the pharmacy's text, kept
 * for the prescriber's team and pharmacists and never logged or put in failure messages.
 */
export class PharmacyRejectedError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string | null,
    readonly httpStatus?: number,
  ) {
    super(`Pharmacy rejected the prescription (${code})`);
    this.name = 'PharmacyRejectedError';
  }
}

/** The pharmacy could not be reached or asked us to come back later: worth retrying. */
export class PharmacyUnavailableError extends Error {
  constructor(
    readonly code: string,
    readonly httpStatus?: number,
  ) {
    super(`Pharmacy unavailable (${code})`);
    this.name = 'PharmacyUnavailableError';
  }
}

/** Picks the adapter a pharmacy's directory entry names. */
export interface PharmacyAdapters {
  fhir: PharmacyAdapter;
  dev: PharmacyAdapter;
}
