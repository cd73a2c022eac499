import { type Bundle, type Reference, type Resource } from '@medplum/fhirtypes';

/**
 * Resolves references between the entries of one Bundle, following the FHIR bundle rules: an
 * absolute reference (urn:uuid:, http...) must equal an entry's fullUrl; a relative one
 * ("Observation/123") matches an entry whose fullUrl ends with it or whose resource has that type
 * and id; "#id" points into the referencing resource's `contained`.
 */

export interface IndexedResource<T extends Resource = Resource> {
  resource: T;
  /** FHIRPath to the resource, for OperationOutcome expressions. */
  path: string;
}

interface Entry extends IndexedResource {
  fullUrl?: string;
}

type ResourceOf<K extends Resource['resourceType']> = Extract<Resource, { resourceType: K }>;

export class BundleIndex {
  private readonly entries: Entry[] = [];

  constructor(bundle: Bundle) {
    (bundle.entry ?? []).forEach((entry, index) => {
      if (entry.resource) {
        this.entries.push({ resource: entry.resource, path: `Bundle.entry[${index}].resource`, fullUrl: entry.fullUrl });
      }
    });
  }

  all<K extends Resource['resourceType']>(resourceType: K): IndexedResource<ResourceOf<K>>[] {
    return this.entries.filter((entry): entry is Entry & IndexedResource<ResourceOf<K>> => entry.resource.resourceType === resourceType);
  }

  resolve<K extends Resource['resourceType']>(
    reference: Reference | undefined,
    resourceType: K,
    from?: IndexedResource,
  ): IndexedResource<ResourceOf<K>> | undefined {
    const target = reference?.reference;
    if (!target) {
      return undefined;
    }
    const found = target.startsWith('#') ? this.resolveContained(target.slice(1), from) : this.resolveEntry(target);
    return found?.resource.resourceType === resourceType ? (found as IndexedResource<ResourceOf<K>>) : undefined;
  }

  private resolveEntry(target: string): IndexedResource | undefined {
    if (/^(urn:|https?:)/.test(target)) {
      return this.entries.find((entry) => entry.fullUrl === target);
    }
    const [type, id] = target.split('/');
    return this.entries.find(
      (entry) =>
        entry.fullUrl?.endsWith(`/${target}`) === true || (entry.resource.resourceType === type && entry.resource.id === id),
    );
  }

  private resolveContained(id: string, from: IndexedResource | undefined): IndexedResource | undefined {
    if (from === undefined || !('contained' in from.resource)) {
      return undefined;
    }
    const contained: Resource[] = from.resource.contained ?? [];
    const index = contained.findIndex((resource) => resource.id === id);
    const resource = contained[index];
    return resource ? { resource, path: `${from.path}.contained[${index}]` } : undefined;
  }
}
