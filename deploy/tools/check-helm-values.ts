import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { DEPLOY_DIR, readRuleGroups } from './monitoring-files.js';
import { dig, list, say, str } from './untyped.js';

/**
 * The Helm charts themselves cannot be fetched offline, so their values files are checked for
 * the invariants this deployment depends on, and against the files they must agree with:
 *  - Temporal: PostgreSQL (postgres12) persistence over verified TLS, fixed shard count, mTLS on
 *    frontend and internode, the UI wired to the remote codec, every certificate issued by a
 *    defined issuer;
 *  - prometheus-adapter: every external metric the worker HPA asks for is served, from a
 *    recording rule that exists.
 */
const problems: string[] = [];
const expect = (ok: unknown, what: string): void => {
  if (!ok) problems.push(what);
};

const temporal: unknown = parse(readFileSync(join(DEPLOY_DIR, 'k8s/temporal/values.yaml'), 'utf8'));
const persistence = dig(temporal, 'server', 'config', 'persistence');
expect(Number(dig(persistence, 'numHistoryShards')) > 0, 'temporal: server.config.persistence.numHistoryShards must be set');
for (const store of ['default', 'visibility']) {
  const sql = dig(persistence, 'datastores', store, 'sql');
  expect(dig(sql, 'pluginName') === 'postgres12', `temporal: datastores.${store}.sql.pluginName must be postgres12`);
  expect(dig(sql, 'tls', 'enabled') === true && dig(sql, 'tls', 'enableHostVerification') === true, `temporal: datastores.${store} must use verified TLS`);
  expect(dig(sql, 'existingSecret') && !dig(sql, 'password'), `temporal: datastores.${store} must take its password from existingSecret`);
}
for (const side of ['frontend', 'internode']) {
  expect(dig(temporal, 'server', 'config', 'tls', side, 'server', 'requireClientAuth') === true, `temporal: ${side} TLS must require client certificates`);
}
const uiEnv = new Map(list(dig(temporal, 'web', 'additionalEnv')).map((e) => [str(dig(e, 'name')), str(dig(e, 'value'))]));
expect(/^https:\/\/.+\/codec$/.test(uiEnv.get('TEMPORAL_CODEC_ENDPOINT') ?? ''), 'temporal: web TEMPORAL_CODEC_ENDPOINT must be https://<api>/codec');
expect(uiEnv.get('TEMPORAL_CODEC_PASS_ACCESS_TOKEN') === 'true', 'temporal: the UI must pass the user access token to the codec');
expect(uiEnv.has('TEMPORAL_TLS_CERT') && uiEnv.has('TEMPORAL_TLS_KEY'), 'temporal: the UI needs a client certificate (mTLS)');

const extra = list(dig(temporal, 'extraObjects'));
const issuers = new Set(extra.filter((o) => dig(o, 'kind') === 'ClusterIssuer').map((o) => str(dig(o, 'metadata', 'name'))));
const issuedSecrets = new Set(extra.filter((o) => dig(o, 'kind') === 'Certificate').map((o) => str(dig(o, 'spec', 'secretName'))));
for (const o of extra) {
  const name = str(dig(o, 'metadata', 'name'));
  expect(dig(o, 'apiVersion') && dig(o, 'kind') && name, 'temporal: extraObjects entry without apiVersion/kind/name');
  if (dig(o, 'kind') === 'Certificate') {
    expect(dig(o, 'spec', 'secretName'), `temporal: Certificate ${name} has no secretName`);
    const issuer = str(dig(o, 'spec', 'issuerRef', 'name'));
    expect(issuers.has(issuer), `temporal: Certificate ${name} uses undefined issuer ${issuer}`);
  }
}
// Secrets the operator provides before install (README, "Temporal"); the rest must be issued here.
const provided = new Set(['temporal-db', 'temporal-ui-oidc']);
for (const part of ['server', 'web', 'admintools']) {
  for (const v of list(dig(temporal, part, 'additionalVolumes'))) {
    const secret = str(dig(v, 'secret', 'secretName'));
    if (secret) expect(issuedSecrets.has(secret) || provided.has(secret), `temporal: volume ${str(dig(v, 'name'))} mounts Secret ${secret} that nothing issues`);
  }
}
// The app's client certificate (k8s base) must come from the CA defined here.
const appCert: unknown = parseAllDocuments(readFileSync(join(DEPLOY_DIR, 'k8s/base/temporal-client-certificate.yaml'), 'utf8'))[0]?.toJS();
expect(issuers.has(str(dig(appCert, 'spec', 'issuerRef', 'name'))), 'k8s base: the SmartClinix Temporal client certificate must use an issuer from the Temporal values');

const adapter: unknown = parse(readFileSync(join(DEPLOY_DIR, 'k8s/prometheus-adapter/values.yaml'), 'utf8'));
const served = new Map<string | undefined, string>();
for (const rule of list(dig(adapter, 'rules', 'external'))) served.set(str(dig(rule, 'name', 'as')), (str(dig(rule, 'seriesQuery')) ?? '').split('{')[0] ?? '');
const recorded = new Set(readRuleGroups().flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : []))));
for (const [name, series] of served) expect(recorded.has(series), `prometheus-adapter: ${name} reads ${series}, which no recording rule produces`);
const workerDocs: unknown[] = parseAllDocuments(readFileSync(join(DEPLOY_DIR, 'k8s/base/worker.yaml'), 'utf8')).map((d) => d.toJS() as unknown);
const hpa = workerDocs.find((d) => dig(d, 'kind') === 'HorizontalPodAutoscaler');
for (const m of list(dig(hpa, 'spec', 'metrics'))) {
  const metric = str(dig(m, 'external', 'metric', 'name'));
  if (dig(m, 'type') === 'External') expect(served.has(metric), `worker HPA: external metric ${metric} is not served by prometheus-adapter`);
}

for (const p of problems) console.error(`  ✗ ${p}`);
say(`helm values: temporal (${extra.length} extra objects) and prometheus-adapter (${served.size} external metrics); ${problems.length} problem(s)`);
process.exitCode = problems.length === 0 ? 0 : 1;
