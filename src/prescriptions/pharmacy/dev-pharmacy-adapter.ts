/**
 * Development adapter: records each transmission in memory instead of sending it, and answers like
 * a pharmacy that accepts everything. Transmitting the same prescription again returns the first
 * record (the idempotency a real pharmacy provides through the identifier).
 */
import { type MedicationRequest } from '@medplum/fhirtypes';
import { type PharmacyAdapter, type PharmacyReceipt, type PharmacyTransmission } from './pharmacy-adapter.js';

export interface DevPharmacyRecord {
  pharmacyReference: string;
  tenantId: string;
  prescriptionId: string;
  pharmacyId: string;
  medicationRequest: MedicationRequest;
  receivedAt: Date;
}

export class DevPharmacyAdapter implements PharmacyAdapter {
  private readonly records = new Map<string, DevPharmacyRecord>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** Oldest first; a copy. */
  get transmissions(): readonly DevPharmacyRecord[] {
    return [...this.records.values()];
  }

  transmit({ tenantId, prescriptionId, pharmacy, medicationRequest }: PharmacyTransmission): Promise<PharmacyReceipt> {
    const key = `${pharmacy.id}:${prescriptionId}`;
    const existing = this.records.get(key);
    if (existing) return Promise.resolve({ pharmacyReference: existing.pharmacyReference, duplicate: true });
    const record: DevPharmacyRecord = {
      pharmacyReference: `dev-${this.records.size + 1}`,
      tenantId,
      prescriptionId,
      pharmacyId: pharmacy.id,
      medicationRequest,
      receivedAt: this.clock(),
    };
    this.records.set(key, record);
    return Promise.resolve({ pharmacyReference: record.pharmacyReference, duplicate: false });
  }
}
