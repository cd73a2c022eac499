import { type Bundle, type DiagnosticReport, type Observation } from '@medplum/fhirtypes';
import { readFhirFixture } from '../../../../test/fixtures/fhir/index.js';
import { FhirBundleError } from './errors.js';
import { parseFhirLabBundle } from './lab-bundle.js';

type Json = Record<string, unknown>;

function fixture(name: string): Bundle {
  return readFhirFixture(name) as Bundle;
}

function resourceOf<T>(bundle: Bundle, resourceType: string): T {
  return bundle.entry!.find((entry) => entry.resource?.resourceType === resourceType)!.resource as T;
}

function rejection(json: unknown): FhirBundleError {
  try {
    parseFhirLabBundle(json);
  } catch (error) {
    if (error instanceof FhirBundleError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a FhirBundleError');
}

describe('parseFhirLabBundle', () => {
  it('When a valid collection bundle arrives, then it is normalised into the same model as HL7', () => {
    const parsed = parseFhirLabBundle(fixture('lab-bundle-valid.json'));

    expect(parsed).toMatchObject({
      source: 'fhir',
      messageControlId: 'NWL-FHIR-20240115-0001',
      messageType: 'Bundle:collection',
      sentAt: '2024-01-15T13:30:00.000Z',
      patient: {
        identifiers: [
          { value: 'MRN100234', assigningAuthority: 'urn:oid:2.16.840.1.113883.3.999.2', type: 'MR' },
          { value: 'E-88231', assigningAuthority: 'urn:oid:2.16.840.1.113883.3.999.7', type: 'PI' },
        ],
        name: { family: 'Example', given: ['Ada', 'Q'] },
        birthDate: '1980-02-14',
        sex: 'F',
      },
    });
    const [report] = parsed.reports;
    expect(report).toMatchObject({
      placerOrderNumber: 'ORD-6001',
      placerOrderNamespace: 'urn:oid:2.16.840.1.113883.3.999.3',
      fillerOrderNumber: 'ACC-880001',
      test: { code: '24323-8', system: 'http://loinc.org' },
      reportStatus: 'F',
      observedAt: '2024-01-15T12:30:00.000Z',
      resultedAt: '2024-01-15T13:25:00.000Z',
      orderingProvider: { id: '1234567890', family: 'Carewell', given: ['Pat'] },
    });
    expect(report!.observations[2]).toEqual({
      setId: 3,
      valueType: 'NM',
      code: '2345-7',
      display: 'Glucose [Mass/volume] in Serum or Plasma',
      system: 'http://loinc.org',
      value: { kind: 'numeric', value: 112 },
      units: 'mg/dL',
      referenceRange: '70-99',
      abnormalFlags: ['H'],
      resultStatus: 'F',
      observedAt: '2024-01-15T12:30:00.000Z',
      notes: ['Non-fasting specimen'],
    });
  });

  it('When a message bundle carries a critical potassium, then the HH interpretation and MessageHeader are mapped', () => {
    const parsed = parseFhirLabBundle(fixture('lab-bundle-critical.json'));

    expect(parsed).toMatchObject({
      messageType: 'R01',
      sendingApplication: 'NW_LIS',
      sendingFacility: 'Northwind Lab',
      receivingApplication: 'SMARTCLINIX',
      receivingFacility: 'Riverside Clinic',
    });
    expect(parsed.reports[0]!.observations[0]).toMatchObject({ code: '2823-3', value: { kind: 'numeric', value: 6.9 }, abnormalFlags: ['HH'] });
  });

  it('When an Observation lacks code and status, then the FHIR validator rejects it with an OperationOutcome', () => {
    const error = rejection(fixture('lab-bundle-invalid.json'));

    expect(error.outcome.resourceType).toBe('OperationOutcome');
    expect(error.outcome.issue).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', expression: ['Bundle.entry[3].resource.status'] }),
        expect.objectContaining({ severity: 'error', expression: ['Bundle.entry[3].resource.code'] }),
      ]),
    );
  });

  it('When validation fails, then no diagnostics or message contains patient data', () => {
    const bundle = fixture('lab-bundle-valid.json');
    const patient = resourceOf<Json>(bundle, 'Patient');
    patient.birthDate = 'EXAMPLE-ADA-1980';
    patient.gender = 42;

    const error = rejection(bundle);
    const text = JSON.stringify(error.outcome) + error.message;

    expect(error.outcome.issue.length).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain('EXAMPLE-ADA');
    expect(text).not.toContain('Ada');
    expect(text).not.toContain('MRN100234');
  });

  it.each([
    ['preliminary', 'P'],
    ['final', 'F'],
    ['corrected', 'C'],
    ['amended', 'C'],
    ['cancelled', 'X'],
    ['entered-in-error', 'D'],
  ])('When Observation.status is %s, then the result status is %s', (status, expected) => {
    const bundle = fixture('lab-bundle-valid.json');
    resourceOf<Observation>(bundle, 'Observation').status = status as Observation['status'];

    expect(parseFhirLabBundle(bundle).reports[0]!.observations[0]!.resultStatus).toBe(expected);
  });

  it.each([
    ['preliminary', 'P'],
    ['final', 'F'],
    ['corrected', 'C'],
    ['amended', 'C'],
    ['cancelled', 'X'],
  ])('When DiagnosticReport.status is %s, then the report status is %s', (status, expected) => {
    const bundle = fixture('lab-bundle-valid.json');
    resourceOf<DiagnosticReport>(bundle, 'DiagnosticReport').status = status as DiagnosticReport['status'];

    expect(parseFhirLabBundle(bundle).reports[0]!.reportStatus).toBe(expected);
  });

  it('When a status is unknown or not a FHIR code, then the bundle is rejected at that element', () => {
    const bundle = fixture('lab-bundle-valid.json');
    resourceOf<Json>(bundle, 'Observation').status = 'unknown';
    resourceOf<Json>(bundle, 'DiagnosticReport').status = 'bogus';

    const expressions = rejection(bundle).outcome.issue.map((found) => found.expression?.[0]);

    expect(expressions).toEqual(['Bundle.entry[3].resource.status', 'Bundle.entry[4].resource.status']);
  });

  it.each(['L', 'H', 'LL', 'HH', 'A', 'AA', 'N'])('When the interpretation is %s, then it becomes that abnormal flag', (code) => {
    const bundle = fixture('lab-bundle-valid.json');
    resourceOf<Observation>(bundle, 'Observation').interpretation = [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code }] },
    ];

    expect(parseFhirLabBundle(bundle).reports[0]!.observations[0]!.abnormalFlags).toEqual([code]);
  });

  it('When values are a comparator quantity, a range, a ratio, a concept or a string, then each keeps its structure', () => {
    const bundle = fixture('lab-bundle-valid.json');
    const [first, second, third] = bundle.entry!.filter((entry) => entry.resource?.resourceType === 'Observation').map((entry) => entry.resource as unknown as Json);
    Object.assign(first!, { valueQuantity: { value: 0.01, comparator: '<', unit: 'ng/mL' } });
    delete second!.valueQuantity;
    Object.assign(second!, { valueRange: { low: { value: 10, unit: '/[HPF]' }, high: { value: 20, unit: '/[HPF]' } } });
    delete third!.valueQuantity;
    Object.assign(third!, { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '10828004', display: 'Positive' }] } });

    const observations = parseFhirLabBundle(bundle).reports[0]!.observations;

    expect(observations.map((observation) => [observation.valueType, observation.value, observation.units])).toEqual([
      ['SN', { kind: 'structured-numeric', comparator: '<', value1: 0.01 }, 'ng/mL'],
      ['SN', { kind: 'structured-numeric', value1: 10, separator: '-', value2: 20 }, '/[HPF]'],
      ['CWE', { kind: 'coded', code: '10828004', display: 'Positive', system: 'http://snomed.info/sct' }, undefined],
    ]);
  });

  it('When a result reference does not resolve in the bundle, then the bundle is rejected at that reference', () => {
    const bundle = fixture('lab-bundle-valid.json');
    resourceOf<DiagnosticReport>(bundle, 'DiagnosticReport').result!.push({ reference: 'Observation/missing' });

    expect(rejection(bundle).outcome.issue).toEqual([
      expect.objectContaining({ code: 'not-found', expression: ['Bundle.entry[3].resource.result[3]'] }),
    ]);
  });

  it('When an Observation is not referenced by any report, then it is rejected rather than silently dropped', () => {
    const bundle = fixture('lab-bundle-valid.json');
    resourceOf<DiagnosticReport>(bundle, 'DiagnosticReport').result!.pop();

    expect(rejection(bundle).outcome.issue).toEqual([
      expect.objectContaining({ code: 'business-rule', expression: ['Bundle.entry[6].resource'] }),
    ]);
  });

  it('When results use relative references and a panel has members, then they resolve and the panel is expanded', () => {
    const bundle = fixture('lab-bundle-valid.json');
    const report = resourceOf<DiagnosticReport>(bundle, 'DiagnosticReport');
    const [panel, ...members] = bundle.entry!.filter((entry) => entry.resource?.resourceType === 'Observation').map((entry) => entry.resource as Observation);
    panel!.hasMember = members.map((member) => ({ reference: `Observation/${member.id}` }));
    report.result = [{ reference: `Observation/${panel!.id}` }];

    const observations = parseFhirLabBundle(bundle).reports[0]!.observations;

    expect(observations.map((observation) => [observation.setId, observation.code])).toEqual([
      [1, '2951-2'],
      [2, '2823-3'],
      [3, '2345-7'],
    ]);
  });

  it('When the order numbers are logical references only, then PLAC and FILL identifiers still map', () => {
    const bundle = fixture('lab-bundle-valid.json');
    bundle.entry = bundle.entry!.filter((entry) => entry.resource?.resourceType !== 'ServiceRequest');
    const report = resourceOf<DiagnosticReport>(bundle, 'DiagnosticReport');
    report.basedOn = [
      { identifier: { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PLAC' }] }, value: 'ORD-LOGICAL' } },
    ];

    const parsed = parseFhirLabBundle(bundle).reports[0]!;

    expect([parsed.placerOrderNumber, parsed.fillerOrderNumber]).toEqual(['ORD-LOGICAL', 'ACC-880001']);
  });

  it('When the subject is a logical identifier without a Patient entry, then it becomes the patient identifier', () => {
    const bundle = fixture('lab-bundle-valid.json');
    bundle.entry = bundle.entry!.filter((entry) => entry.resource?.resourceType !== 'Patient');
    resourceOf<DiagnosticReport>(bundle, 'DiagnosticReport').subject = { identifier: { system: 'urn:oid:1.2.3', value: 'MRN-9' } };

    expect(parseFhirLabBundle(bundle).patient).toEqual({ identifiers: [{ value: 'MRN-9', assigningAuthority: 'urn:oid:1.2.3' }], notes: [] });
  });

  it.each([
    ['not a Bundle', { resourceType: 'Observation' }, 'Bundle'],
    ['a searchset Bundle', { resourceType: 'Bundle', type: 'searchset' }, 'Bundle.type'],
    ['no DiagnosticReport', { resourceType: 'Bundle', id: 'b1', type: 'collection', entry: [] }, 'Bundle.entry'],
    ['no identifier or id', { resourceType: 'Bundle', type: 'collection' }, 'Bundle.identifier'],
  ])('When the input is %s, then it is rejected at %s', (_case, json, expression) => {
    expect(rejection(json).outcome.issue.map((found) => found.expression?.[0])).toContain(expression);
  });

  it('When two reports concern different patients, then the bundle is rejected', () => {
    const bundle = fixture('lab-bundle-valid.json');
    const report = resourceOf<DiagnosticReport>(bundle, 'DiagnosticReport');
    bundle.entry!.push({ fullUrl: 'urn:uuid:7c1a4a6e-2f6e-4d6b-9a0e-000000000099', resource: { ...report, id: 'dr-other', result: [], subject: { reference: 'Patient/someone-else' } } });

    expect(rejection(bundle).outcome.issue).toEqual([expect.objectContaining({ code: 'business-rule', expression: ['Bundle.entry'] })]);
  });
});
