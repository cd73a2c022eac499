import { dig, labelsOf, list, str } from '../untyped.js';
import { type K8sObject, STRUCTURAL_GROUPS, groupOf } from './models.js';

/**
 * Rules the schemas cannot express: hardening and probes on every workload, references between
 * objects that must resolve (Service → pods, ServiceMonitor → Service port, HPA/PDB → workload,
 * envFrom/volumes → ConfigMap/Secret), and overlay completeness.
 */
interface Workload {
  obj: K8sObject;
  labels: Record<string, string>;
  pod: unknown;
  longRunning: boolean;
}

function workloads(objects: K8sObject[]): Workload[] {
  const out: Workload[] = [];
  for (const obj of objects) {
    const template =
      obj.kind === 'CronJob' ? dig(obj, 'spec', 'jobTemplate', 'spec', 'template') : dig(obj, 'spec', 'template');
    if (!['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(obj.kind)) continue;
    out.push({
      obj,
      labels: labelsOf(dig(template, 'metadata', 'labels')),
      pod: dig(template, 'spec'),
      longRunning: obj.kind === 'Deployment' || obj.kind === 'StatefulSet',
    });
  }
  return out;
}

const matches = (selector: unknown, labels: Record<string, string>): boolean => {
  const wanted = labelsOf(selector);
  return Object.keys(wanted).length > 0 && Object.entries(wanted).every(([k, v]) => labels[k] === v);
};

export interface PolicyOptions {
  /** Rendered overlays must name a registry image and contain no OVERLAY placeholder. */
  overlay: boolean;
}

function containerErrors(w: Workload, secrets: Set<string>, configMaps: Set<string>, options: PolicyOptions): string[] {
  const errors: string[] = [];
  const where = `${w.obj.kind}/${w.obj.metadata.name}`;
  if (dig(w.pod, 'securityContext', 'runAsNonRoot') !== true) errors.push(`${where}: pod securityContext.runAsNonRoot must be true`);
  if (dig(w.pod, 'securityContext', 'seccompProfile', 'type') !== 'RuntimeDefault') errors.push(`${where}: pod seccompProfile must be RuntimeDefault`);
  for (const c of list(dig(w.pod, 'containers'))) {
    const cw = `${where} container ${str(dig(c, 'name'))}`;
    const image = str(dig(c, 'image')) ?? '';
    if (dig(c, 'securityContext', 'readOnlyRootFilesystem') !== true) errors.push(`${cw}: readOnlyRootFilesystem must be true`);
    if (dig(c, 'securityContext', 'allowPrivilegeEscalation') !== false) errors.push(`${cw}: allowPrivilegeEscalation must be false`);
    if (!list(dig(c, 'securityContext', 'capabilities', 'drop')).includes('ALL')) errors.push(`${cw}: must drop ALL capabilities`);
    if (!dig(c, 'resources', 'requests', 'cpu') || !dig(c, 'resources', 'requests', 'memory')) errors.push(`${cw}: cpu and memory requests required`);
    if (!dig(c, 'resources', 'limits', 'memory')) errors.push(`${cw}: memory limit required`);
    if (w.longRunning && (!dig(c, 'livenessProbe') || !dig(c, 'readinessProbe'))) errors.push(`${cw}: liveness and readiness probes required`);
    if (image.endsWith(':latest')) errors.push(`${cw}: image must not use :latest`);
    if (options.overlay && !image.includes('/')) errors.push(`${cw}: image ${image} is not from a registry (overlay must set it)`);
    for (const ref of list(dig(c, 'envFrom'))) {
      const cm = str(dig(ref, 'configMapRef', 'name'));
      const secret = str(dig(ref, 'secretRef', 'name'));
      if (cm && !configMaps.has(cm)) errors.push(`${cw}: envFrom ConfigMap ${cm} not defined`);
      if (secret && !secrets.has(secret)) errors.push(`${cw}: envFrom Secret ${secret} not produced by any Secret/ExternalSecret/Certificate`);
    }
  }
  for (const v of list(dig(w.pod, 'volumes'))) {
    const secret = str(dig(v, 'secret', 'secretName'));
    const cm = str(dig(v, 'configMap', 'name'));
    if (secret && !secrets.has(secret)) errors.push(`${where}: volume ${str(dig(v, 'name'))} uses undefined Secret ${secret}`);
    if (cm && !configMaps.has(cm)) errors.push(`${where}: volume ${str(dig(v, 'name'))} uses undefined ConfigMap ${cm}`);
  }
  return errors;
}

export function policyErrors(objects: K8sObject[], options: PolicyOptions): string[] {
  const errors: string[] = [];
  const id = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;
  const byKind = (kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);

  const seen = new Set<string>();
  for (const o of objects) {
    const key = `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (seen.has(key)) errors.push(`${id(o)}: defined twice`);
    seen.add(key);
    if (options.overlay && o.kind !== 'Namespace' && !o.metadata.namespace) errors.push(`${id(o)}: no namespace set by the overlay`);
    if (options.overlay && JSON.stringify(o).includes('OVERLAY')) errors.push(`${id(o)}: still contains an OVERLAY placeholder`);
    if (STRUCTURAL_GROUPS.has(groupOf(o.apiVersion)) && (o.kind !== 'Certificate' || !str(dig(o, 'spec', 'secretName')) || !str(dig(o, 'spec', 'issuerRef', 'name')))) {
      errors.push(`${id(o)}: unsupported or incomplete ${o.apiVersion} object`);
    }
  }

  const secrets = new Set<string>([
    ...byKind('Secret').map((o) => o.metadata.name),
    ...byKind('ExternalSecret').map((o) => str(dig(o, 'spec', 'target', 'name')) ?? o.metadata.name),
    ...byKind('Certificate').flatMap((o) => str(dig(o, 'spec', 'secretName')) ?? []),
  ]);
  const configMaps = new Set(byKind('ConfigMap').map((o) => o.metadata.name));
  const all = workloads(objects);
  for (const w of all) errors.push(...containerErrors(w, secrets, configMaps, options));

  const deployments = all.filter((w) => w.obj.kind === 'Deployment');
  const services = byKind('Service');
  for (const s of services) {
    if (!deployments.some((d) => matches(dig(s, 'spec', 'selector'), d.labels))) errors.push(`${id(s)}: selector matches no Deployment's pods`);
  }
  for (const sm of byKind('ServiceMonitor')) {
    const target = services.find((s) => matches(dig(sm, 'spec', 'selector', 'matchLabels'), labelsOf(s.metadata.labels)));
    if (!target) {
      errors.push(`${id(sm)}: selects no Service`);
      continue;
    }
    const ports = new Set(list(dig(target, 'spec', 'ports')).map((p) => str(dig(p, 'name'))));
    for (const e of list(dig(sm, 'spec', 'endpoints'))) {
      const port = str(dig(e, 'port'));
      if (!port || !ports.has(port)) errors.push(`${id(sm)}: endpoint port ${port} not on Service ${target.metadata.name}`);
    }
  }
  const pdbs = byKind('PodDisruptionBudget');
  for (const pdb of pdbs) {
    if (!deployments.some((d) => matches(dig(pdb, 'spec', 'selector', 'matchLabels'), d.labels))) errors.push(`${id(pdb)}: selects no Deployment`);
  }
  const hpas = byKind('HorizontalPodAutoscaler');
  for (const hpa of hpas) {
    const kind = str(dig(hpa, 'spec', 'scaleTargetRef', 'kind'));
    const name = str(dig(hpa, 'spec', 'scaleTargetRef', 'name'));
    if (!deployments.some((d) => d.obj.kind === kind && d.obj.metadata.name === name)) errors.push(`${id(hpa)}: scales missing ${kind}/${name}`);
  }
  for (const d of deployments) {
    const component = d.labels['app.kubernetes.io/component'] ?? '';
    if (!['api', 'worker', 'mllp'].includes(component)) continue;
    if (!pdbs.some((p) => matches(dig(p, 'spec', 'selector', 'matchLabels'), d.labels))) errors.push(`${id(d.obj)}: no PodDisruptionBudget`);
    const hpa = hpas.find((h) => dig(h, 'spec', 'scaleTargetRef', 'name') === d.obj.metadata.name);
    if (!hpa) errors.push(`${id(d.obj)}: no HorizontalPodAutoscaler`);
    if (component === 'worker' && !list(dig(hpa, 'spec', 'metrics')).some((m) => dig(m, 'type') === 'External')) {
      errors.push(`${id(d.obj)}: the worker HPA must scale on an External (task-queue latency) metric`);
    }
  }
  const denyAll = byKind('NetworkPolicy').some(
    (n) => list(dig(n, 'spec', 'policyTypes')).includes('Egress') && !dig(n, 'spec', 'egress') && !dig(n, 'spec', 'ingress'),
  );
  if (!denyAll) errors.push('no default-deny NetworkPolicy');
  return errors;
}
