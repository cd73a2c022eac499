import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEPLOY_DIR } from './monitoring-files.js';
import { say } from './untyped.js';

/**
 * Security invariants of deploy/terraform that `terraform fmt` cannot see and `terraform
 * validate` (which needs the AWS provider, unavailable offline) would not enforce anyway:
 * encryption at rest with CMKs, key rotation, private and deletion-protected databases with
 * backups, TLS-only PostgreSQL, no secret values in code/state, and agreement with the
 * secret paths the Kubernetes ExternalSecrets read.
 */
const TF_DIR = join(DEPLOY_DIR, 'terraform');
const problems: string[] = [];

function tfFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? tfFiles(path) : e.name.endsWith('.tf') ? [path] : [];
  });
}

/** Bodies of `resource "<type>" "<name>" { … }` blocks, by brace matching. */
function blocks(text: string, type: string): { name: string; body: string }[] {
  const out: { name: string; body: string }[] = [];
  const re = new RegExp(`resource\\s+"${type}"\\s+"([^"]+)"\\s*\\{`, 'g');
  for (const m of text.matchAll(re)) {
    let depth = 1;
    let i = (m.index ?? 0) + m[0].length;
    const start = i;
    while (depth > 0 && i < text.length) {
      if (text[i] === '{') depth += 1;
      if (text[i] === '}') depth -= 1;
      i += 1;
    }
    out.push({ name: m[1] as string, body: text.slice(start, i - 1) });
  }
  return out;
}

const files = tfFiles(TF_DIR);
const all = files.map((f) => readFileSync(f, 'utf8')).join('\n');
const need = (body: string, pattern: RegExp): boolean => pattern.test(body);

for (const f of files) {
  const text = readFileSync(f, 'utf8');
  if (/^\s*(password|secret_string|master_password)\s*=/m.test(text)) problems.push(`${relative(TF_DIR, f)}: secret values must not be in Terraform (they would land in state)`);
}
const dbs = blocks(all, 'aws_db_instance');
if (dbs.length === 0) problems.push('no aws_db_instance defined');
for (const { name, body } of dbs) {
  const checks: [RegExp, string][] = [
    [/storage_encrypted\s*=\s*true/, 'storage_encrypted = true'],
    [/kms_key_id\s*=\s*var\.kms_key_arn/, 'a customer-managed kms_key_id'],
    [/publicly_accessible\s*=\s*false/, 'publicly_accessible = false'],
    [/deletion_protection\s*=\s*true/, 'deletion_protection = true'],
    [/backup_retention_period\s*=/, 'backup_retention_period'],
    [/skip_final_snapshot\s*=\s*false/, 'skip_final_snapshot = false'],
    [/manage_master_user_password\s*=\s*true/, 'manage_master_user_password = true (RDS-managed, rotated master secret)'],
    [/performance_insights_kms_key_id\s*=/, 'Performance Insights encrypted with the CMK'],
  ];
  for (const [pattern, what] of checks) if (!need(body, pattern)) problems.push(`aws_db_instance.${name}: needs ${what}`);
}
for (const { name, body } of blocks(all, 'aws_db_parameter_group')) {
  if (!/name\s*=\s*"rds\.force_ssl"\s*\n\s*value\s*=\s*"1"/.test(body)) problems.push(`aws_db_parameter_group.${name}: must set rds.force_ssl = 1`);
}
const keys = blocks(all, 'aws_kms_key');
if (!keys.some((k) => k.name === 'payload')) problems.push('no aws_kms_key.payload for the payload codec');
for (const { name, body } of keys) {
  if (!/enable_key_rotation\s*=\s*true/.test(body)) problems.push(`aws_kms_key.${name}: enable_key_rotation must be true`);
}
const secrets = blocks(all, 'aws_secretsmanager_secret');
for (const { name, body } of secrets) {
  if (!/kms_key_id\s*=\s*aws_kms_key\./.test(body)) problems.push(`aws_secretsmanager_secret.${name}: must be encrypted with a CMK`);
}

// Every secret path the Kubernetes base reads must be created here.
const tfPaths = new Set(secrets.flatMap(({ body }) => [.../name\s*=\s*"\$\{local\.secret_prefix\}\/([^"]+)"/.exec(body)?.slice(1) ?? []]));
const k8sSecrets = readFileSync(join(DEPLOY_DIR, 'k8s/base/secrets.yaml'), 'utf8');
for (const [, path] of k8sSecrets.matchAll(/key:\s*smartclinix\/OVERLAY\/([a-z-]+)/g)) {
  if (!tfPaths.has(path as string)) problems.push(`k8s base reads smartclinix/<env>/${path}, which Terraform does not create`);
}

// Every variable without a default must be set in each environment example.
const rootVariables = readFileSync(join(TF_DIR, 'variables.tf'), 'utf8');
const required = [...rootVariables.matchAll(/variable\s+"([^"]+)"\s*\{([^}]|\{[^}]*\})*\}/g)]
  .filter((m) => !/\bdefault\s*=/.test(m[0]))
  .map((m) => m[1] as string);
for (const example of readdirSync(join(TF_DIR, 'environments')).filter((f) => f.endsWith('.tfvars.example'))) {
  const text = readFileSync(join(TF_DIR, 'environments', example), 'utf8');
  for (const v of required) {
    if (!new RegExp(`^${v}\\s*=`, 'm').test(text)) problems.push(`environments/${example}: missing required variable ${v}`);
  }
}

for (const p of problems) console.error(`  ✗ ${p}`);
say(`terraform: ${files.length} files, ${dbs.length} databases, ${keys.length} KMS keys, ${secrets.length} secrets; ${problems.length} problem(s)`);
process.exitCode = problems.length === 0 ? 0 : 1;
