/**
 * Maps a Kubernetes object's apiVersion/kind to the kubernetes-models module that carries its
 * OpenAPI-derived validator and TypeScript interface: core and built-in API groups from
 * `kubernetes-models`, CRDs from `@kubernetes-models/prometheus-operator` and
 * `@kubernetes-models/external-secrets`. cert-manager has no model here and is checked
 * structurally instead (see policy.ts).
 */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

const CRD_PACKAGES: Record<string, string> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'external-secrets.io': '@kubernetes-models/external-secrets',
};

/** Groups validated only structurally (no model package available offline). */
export const STRUCTURAL_GROUPS = new Set(['cert-manager.io']);

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] as string) : '';
}

/** The module exporting `<Kind>` (class) and `I<Kind>` (interface), or undefined for structural groups. */
export function modelModule(obj: Pick<K8sObject, 'apiVersion' | 'kind'>): string | undefined {
  const group = groupOf(obj.apiVersion);
  if (STRUCTURAL_GROUPS.has(group)) return undefined;
  const crdPackage = CRD_PACKAGES[group];
  if (crdPackage) return `${crdPackage}/${obj.apiVersion}/${obj.kind}`;
  return `kubernetes-models/${obj.apiVersion}/${obj.kind}`;
}

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/** Validates against the OpenAPI schema; returns the error messages (empty when valid). */
export function schemaErrors(obj: K8sObject): string[] {
  const module = modelModule(obj);
  if (!module) return [];
  let Model: ModelClass | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is chosen per object at runtime
    Model = (require(module) as Record<string, ModelClass>)[obj.kind];
  } catch {
    return [`no schema for ${obj.apiVersion} ${obj.kind} (${module})`];
  }
  if (!Model) return [`no schema for ${obj.apiVersion} ${obj.kind}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}
