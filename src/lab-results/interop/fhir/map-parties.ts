import {
  type DiagnosticReport,
  type HumanName,
  type Identifier,
  type Patient,
  type Reference,
  type ServiceRequest,
} from '@medplum/fhirtypes';
import { type AdministrativeSex, type LabPatient, type PersonName, type Provider } from '../model.js';
import { type BundleIndex, type IndexedResource } from './bundle-index.js';

/** Patient, ordering provider and order numbers of a FHIR lab bundle. */

const SEX: Readonly<Record<string, AdministrativeSex>> = { female: 'F', male: 'M', other: 'O', unknown: 'U' };

function identifierType(identifier: Identifier): string | undefined {
  return identifier.type?.coding?.find((coding) => coding.code !== undefined)?.code ?? identifier.type?.text;
}

function mapName(names: HumanName[] | undefined): PersonName | undefined {
  const name = names?.find((candidate) => candidate.use === 'official') ?? names?.[0];
  if (name === undefined || (name.family === undefined && (name.given ?? []).length === 0)) {
    return undefined;
  }
  return { family: name.family, given: name.given ?? [] };
}

/**
 * The Patient resource when the subject resolves inside the bundle, else the subject's logical
 * identifier. `Identifier.system` plays the role of the HL7 assigning authority (CX-4).
 */
export function mapPatient(patient: Patient | undefined, subject: Reference | undefined): LabPatient {
  const identifiers = patient?.identifier ?? (subject?.identifier ? [subject.identifier] : []);
  return {
    identifiers: identifiers
      .filter((identifier): identifier is Identifier & { value: string } => identifier.value !== undefined)
      .map((identifier) => ({ value: identifier.value, assigningAuthority: identifier.system, type: identifierType(identifier) })),
    name: mapName(patient?.name),
    birthDate: patient?.birthDate,
    sex: patient?.gender === undefined ? undefined : SEX[patient.gender],
    notes: [],
  };
}

export function mapProvider(index: BundleIndex, requester: Reference | undefined, from?: IndexedResource): Provider | undefined {
  if (requester === undefined) {
    return undefined;
  }
  const practitioner = index.resolve(requester, 'Practitioner', from)?.resource;
  const name = mapName(practitioner?.name);
  const id = practitioner?.identifier?.find((identifier) => identifier.value !== undefined)?.value ?? requester.identifier?.value;
  if (name === undefined && id === undefined && requester.display === undefined) {
    return undefined;
  }
  return { id, family: name?.family, given: name?.given ?? [], display: requester.display };
}

export interface OrderNumbers {
  placer?: Identifier;
  filler?: Identifier;
  serviceRequest?: IndexedResource<ServiceRequest>;
}

/**
 * Placer and filler order numbers are the identifiers typed PLAC and FILL (v2 table 0203) on the
 * ServiceRequests in `basedOn` (resolved in the bundle, or logical references), then on the
 * DiagnosticReport itself, where the accession (FILL) is usually carried.
 */
export function orderNumbers(index: BundleIndex, report: IndexedResource<DiagnosticReport>): OrderNumbers {
  const basedOn = report.resource.basedOn ?? [];
  const requests = basedOn
    .map((reference) => index.resolve(reference, 'ServiceRequest', report))
    .filter((request): request is IndexedResource<ServiceRequest> => request !== undefined);
  const candidates = [
    ...requests.flatMap((request) => request.resource.identifier ?? []),
    ...basedOn.flatMap((reference) => (reference.identifier ? [reference.identifier] : [])),
    ...(report.resource.identifier ?? []),
  ].filter((identifier) => identifier.value !== undefined);
  return {
    placer: candidates.find((identifier) => identifierType(identifier) === 'PLAC'),
    filler: candidates.find((identifier) => identifierType(identifier) === 'FILL'),
    serviceRequest: requests[0],
  };
}
